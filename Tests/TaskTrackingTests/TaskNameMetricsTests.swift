import TaskTracking
import TelemetryPrometheus
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
}
