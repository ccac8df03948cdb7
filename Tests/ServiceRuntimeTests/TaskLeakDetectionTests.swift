import AsyncHTTPClient
import Hummingbird
import Logging
import TaskTracking
import TelemetryTesting
import Testing

/// A deliberately leaking HTTP handler, served over a real loopback socket: the test helper and the
/// leak watchdog both find the task it leaves behind, with its creation site.
@Suite struct TaskLeakDetectionTests {
    @Test func leakyHandler_isFoundByTheLeakCheckAndFlaggedByTheWatchdog() async throws {
        let latch = Latch()
        defer { latch.open() }
        let router = Router()
        router.get("/leak") { _, _ in
            TrackedTask.detached("test.leaky_handler") { await latch.wait() }
            return "started"
        }
        let registry = TaskRegistry()
        let leaks = try await registry.withCurrent {
            try await findTaskLeaks(grace: .milliseconds(50)) {
                let (app, port) = try await LiveApplication.start(router: router)
                let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/leak"), timeout: .seconds(5))
                #expect(response.status == .ok)
                await app.stop()
            }.leaks
        }
        #expect(leaks.map(\.name) == ["test.leaky_handler"])
        #expect(leaks.first?.site.hasPrefix("ServiceRuntimeTests/TaskLeakDetectionTests.swift:") == true)

        let watchdog = TaskLeakWatchdog(registry: registry, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        let start = try #require(leaks.first?.start)
        #expect(watchdog.scan(at: start.advanced(by: .seconds(10))).isEmpty)
        let flagged = watchdog.scan(at: start.advanced(by: .seconds(301)))
        #expect(flagged.map(\.task.name) == ["test.leaky_handler"])
    }
}
