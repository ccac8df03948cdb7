import MetricsTestKit
import TaskTracking
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite struct TaskRegistryTests {
    let metrics = TestMetrics()
    var registry: TaskRegistry { TaskRegistry(capacity: 4, metricsFactory: metrics) }

    @Test func liveCount_whileChildrenRun_countsThemAndDropsToZeroAfter() async {
        let registry = registry
        let latch = Latch()
        await registry.withCurrent {
            await withDiscardingTaskGroup { group in
                for _ in 0..<3 { group.addTrackedTask("test.worker") { await latch.wait() } }
                #expect(registry.liveCount == 3)
                latch.open()
            }
        }
        #expect(registry.liveCount == 0)
    }

    @Test func addTrackedTask_beyondCapacity_growsTheSlabAndKeepsEveryTask() async throws {
        let registry = registry
        let latch = Latch()
        let names = await registry.withCurrent {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<40 { group.addTrackedTask("test.many") { await latch.wait() } }
                let records = registry.liveTasks()
                latch.open()
                await group.waitForAll()
                return records.map(\.name)
            }
        }
        #expect(names == Array(repeating: "test.many", count: 40))
        #expect(registry.liveCount == 0)
    }

    @Test func record_nestedTask_namesItsParentAndCreationSite() async throws {
        let registry = registry
        let records = try await registry.withCurrent {
            try await withTrackedTask("test.outer") {
                try await withThrowingTaskGroup(of: [TrackedTaskRecord].self) { group in
                    group.addTrackedTask("test.inner") { registry.liveTasks() }
                    return try await group.next() ?? []
                }
            }
        }
        let outer = try #require(records.first { $0.name == "test.outer" })
        let inner = try #require(records.first { $0.name == "test.inner" })
        #expect(outer.parent == .none)
        #expect(inner.parent == outer.id)
        #expect(inner.site.hasPrefix("TaskTrackingTests/TaskRegistryTests.swift:"))
    }

    @Test func detached_startedInATrace_recordsTheTraceAndSpanIDs() async throws {
        let tracer = KitTracer(wrapping: RecordingTracer())
        let registry = TaskRegistry(metricsFactory: metrics, identify: { tracer.identity(of: $0) })
        let latch = Latch()
        let (record, expected) = try await registry.withCurrent {
            try await tracer.withSpan("checkout") { span in
                let task = TrackedTask.detached("test.detached") { await latch.wait() }
                let record = try #require(registry.liveTasks().first)
                latch.open()
                await task.value
                return (record, tracer.identity(of: span.context))
            }
        }
        #expect(record.traceID == expected?.traceID.description)
        #expect(record.spanID == expected?.spanID.description)
        #expect(record.traceID?.count == 32)
    }

    @Test func finishedTasks_updateStartedLiveAndDurationByName() async throws {
        let registry = registry
        await registry.withCurrent {
            await withTaskGroup(of: Void.self) { group in
                for _ in 0..<3 { group.addTrackedTask("test.metrics") {} }
            }
            await withTrackedTask("test.inline") {}
        }
        let dimensions = [("task.name", "test.metrics")]
        #expect(try metrics.expectCounter("kit.tasks.started", dimensions).totalValue == 3)
        #expect(try metrics.expectMeter("kit.tasks.live", dimensions).lastValue == 0)
        #expect(try metrics.expectMeter("kit.tasks.live", dimensions).values.max() ?? 0 >= 1)
        #expect(try metrics.expectTimer("kit.tasks.duration", dimensions).values.count == 3)
        #expect(try metrics.expectCounter("kit.tasks.started", [("task.name", "test.inline")]).totalValue == 1)
    }

    @Test func observer_whenSet_seesStartAndFinishOfEveryTask() async {
        let registry = registry
        let observer = RecordingTaskObserver()
        registry.setObserver(observer)
        await registry.withCurrent {
            await withTrackedTask("test.observed") {}
        }
        #expect(observer.events == ["started test.observed", "finished test.observed"])
    }

    @Test func throwingTask_whenItThrows_isStillUnregistered() async {
        struct Failure: Error {}
        let registry = registry
        await registry.withCurrent {
            await #expect(throws: Failure.self) {
                try await withThrowingDiscardingTaskGroup { group in
                    group.addTrackedTask("test.throws") { throw Failure() }
                }
            }
        }
        #expect(registry.liveCount == 0)
    }
}
