import TaskTracking
import TelemetryPrometheus
import TelemetryTesting
import Testing

@Suite struct TaskNameMetricsTests {
    @Test func prometheusExposition_afterTrackedTasks_hasTheAlertRulesSeriesWithHelp() async throws {
        let backend = PrometheusMetricsBackend()
        let registry = TaskRegistry(metricsFactory: backend)
        await registry.withCurrent {
            await withDiscardingTaskGroup { group in
                group.addTrackedTask("orders.process") {}
                group.addTrackedTask("orders.process") {}
            }
        }
        let text = String(decoding: backend.render(format: .prometheusText), as: UTF8.self)
        #expect(text.contains("kit_tasks_live{task_name=\"orders.process\"} 0"))
        #expect(text.contains("kit_tasks_started_total{task_name=\"orders.process\"} 2"))
        #expect(text.contains("kit_tasks_duration_seconds_count{task_name=\"orders.process\"} 2"))
        #expect(text.contains("# HELP kit_tasks_live Tracked tasks alive now, by task name."))
        #expect(text.contains("# HELP kit_tasks_started_total Tracked tasks started, by task name."))
    }

    @Test func prometheusExposition_whileTasksRunOnManyThreads_showsTheLiveCountThenZero() async throws {
        let backend = PrometheusMetricsBackend()
        let registry = TaskRegistry(metricsFactory: backend)
        let latch = Latch()
        let during = await registry.withCurrent {
            await withDiscardingTaskGroup { group in
                for _ in 0..<200 { group.addTrackedTask("orders.churn") {} }
                for _ in 0..<5 { group.addTrackedTask("orders.wait") { await latch.wait() } }
                while registry.liveTasks().filter({ $0.name == "orders.churn" }).count > 0 { await Task.yield() }
                defer { latch.open() }
                return String(decoding: backend.render(format: .prometheusText), as: UTF8.self)
            }
        }
        let after = String(decoding: backend.render(format: .prometheusText), as: UTF8.self)
        #expect(during.contains("kit_tasks_live{task_name=\"orders.wait\"} 5"))
        #expect(during.contains("kit_tasks_live{task_name=\"orders.churn\"} 0"))
        #expect(after.contains("kit_tasks_live{task_name=\"orders.wait\"} 0"))
        #expect(after.contains("kit_tasks_started_total{task_name=\"orders.churn\"} 200"))
        #expect(after.contains("kit_tasks_duration_seconds_count{task_name=\"orders.churn\"} 200"))
    }
}
