import Logging
import MetricsTestKit
import Synchronization
import TaskTracking
import TelemetryTesting
import Testing

@Suite struct TaskLeakWatchdogTests {
    let metrics = TestMetrics()
    let logs = RecordingLogHandler.Store()
    let latch = Latch()

    func watchdog(_ registry: TaskRegistry, exempt: Set<String> = [], onLeak: (@Sendable (SuspectedTaskLeak) -> Void)? = nil) -> TaskLeakWatchdog<ContinuousClock> {
        let store = logs
        return TaskLeakWatchdog(
            configuration: .init(maximumAge: .seconds(300), exemptNames: exempt),
            registry: registry,
            logger: Logger(label: "test") { _ in RecordingLogHandler(store: store) },
            onSuspectedLeak: onLeak
        )
    }

    /// Runs `body` while `count` tasks named `name` (with `deadline`) wait on the latch.
    func whileWaiting<T>(
        _ registry: TaskRegistry, _ name: StaticString, deadline: ContinuousClock.Instant? = nil,
        _ body: () async throws -> T
    ) async rethrows -> T {
        let latch = latch
        return try await registry.withCurrent {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTrackedTask(name, deadline: deadline) { await latch.wait() }
                defer { latch.open() }
                return try await body()
            }
        }
    }

    @Test func scan_taskOlderThanThreshold_flagsItOnceWithCounterLogAndCallback() async throws {
        let registry = TaskRegistry(metricsFactory: metrics)
        let observer = RecordingTaskObserver()
        registry.setObserver(observer)
        let called = Mutex<[String]>([])
        let watchdog = watchdog(registry) { leak in called.withLock { $0.append(leak.task.name) } }
        let (first, second, young) = await whileWaiting(registry, "test.stuck") {
            let start = registry.liveTasks()[0].start
            return (
                watchdog.scan(at: start.advanced(by: .seconds(301))),
                watchdog.scan(at: start.advanced(by: .seconds(900))),
                TaskLeakWatchdog(configuration: .init(maximumAge: .seconds(300)), registry: registry, logger: Logger(label: "x"))
                    .scan(at: start.advanced(by: .seconds(299)))
            )
        }
        #expect(young.isEmpty)
        #expect(first.map(\.task.name) == ["test.stuck"])
        #expect(first.first?.reason == .olderThanThreshold)
        #expect(second.isEmpty)
        #expect(called.withLock { $0 } == ["test.stuck"])
        #expect(observer.events.contains("leak test.stuck"))
        #expect(try metrics.expectCounter("kit.tasks.leaks.suspected", [("task.name", "test.stuck")]).totalValue == 1)
        let warning = try #require(logs.records.withLock { $0 }.first)
        #expect(warning.level == .warning)
        #expect(warning.message == "suspected leak")
        #expect(warning.metadata["task.site"]?.hasPrefix("TaskTrackingTests/TaskLeakWatchdogTests.swift:") == true)
        #expect(warning.metadata["task.age_seconds"] == "301.0")
    }

    @Test func scan_exemptName_isNotFlaggedForAge() async {
        let registry = TaskRegistry(metricsFactory: metrics)
        let leaks = await whileWaiting(registry, "test.server") {
            watchdog(registry, exempt: ["test.server"]).scan(at: .now.advanced(by: .seconds(3600)))
        }
        #expect(leaks.isEmpty)
    }

    @Test func scan_pastDeadline_flagsEvenAnExemptName() async {
        let registry = TaskRegistry(metricsFactory: metrics)
        let deadline = ContinuousClock.now.advanced(by: .seconds(5))
        let leaks = await whileWaiting(registry, "test.server", deadline: deadline) {
            watchdog(registry, exempt: ["test.server"]).scan(at: deadline.advanced(by: .seconds(1)))
        }
        #expect(leaks.map(\.reason) == [.pastDeadline])
    }

    @Test func run_whenCancelled_returns() async throws {
        let watchdog = watchdog(TaskRegistry(metricsFactory: metrics))
        let task = Task { try await watchdog.run() }
        task.cancel()
        try await task.value
    }
}
