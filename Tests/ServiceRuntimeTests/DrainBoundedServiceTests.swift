import Logging
import ServiceLifecycle
@testable import ServiceRuntime
import TaskTracking
import TelemetryTesting
import Testing

@Suite struct DrainBoundedServiceTests {
    /// A listener that serves until graceful shutdown, or hangs past it when told to.
    struct InMemoryListener: Service {
        let started = Latch()
        let hangs: Bool

        func run() async throws {
            started.open()
            try? await gracefulShutdown()
            if hangs { try await Task.sleep(for: .seconds(3600)) }
        }
    }

    let logger = Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }

    func runUntilShutdown(_ listener: InMemoryListener, drainTimeout: Duration) async throws -> [String] {
        let service = DrainBoundedService(name: "test", taskName: "test.serve", inner: listener, drainTimeout: drainTimeout, logger: logger)
        let group = ServiceGroup(services: [service], logger: logger)
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTrackedTask("test.service_group") { try await group.run() }
            await listener.started.wait()
            let names = TaskRegistry.current.liveTasks().map(\.name)
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return names
        }
    }

    @Test func run_untilGracefulShutdown_tracksListenerAndTimerAndLeavesNoTasks() async throws {
        let names = try await withNoTaskLeaks {
            try await runUntilShutdown(InMemoryListener(hangs: false), drainTimeout: .seconds(30))
        }
        #expect(names.contains("test.serve"))
        #expect(names.contains("listener.drain_timer"))
    }

    @Test func run_listenerHangingPastTheDrainTimeout_isCancelledAndLeavesNoTasks() async throws {
        try await withNoTaskLeaks {
            _ = try await runUntilShutdown(InMemoryListener(hangs: true), drainTimeout: .milliseconds(10))
        }
    }
}
