import DiagnosticsServer
import FlightRecorder
import Synchronization
import Testing

@Suite struct LogLevelEndpointTests {
    final class ManualClock: Sendable {
        let now = Mutex(ContinuousClock.now)
        func advance(by duration: Duration) { now.withLock { $0 += duration } }
    }

    @Test func put_withTTL_revertsWhenTheInjectedClockPassesIt() async throws {
        let clock = ManualClock()
        let level = RuntimeLogLevel(.info)
        let endpoint = LogLevelEndpoint(level: level) { clock.now.withLock { $0 } }
        _ = try await endpoint.respond(to: DiagnosticsRequest(method: "PUT", query: ["level": "debug", "ttl": "5m"]))
        #expect(level.level == .debug)
        clock.advance(by: .seconds(299))
        let before = try await endpoint.respond(to: DiagnosticsRequest())
        #expect(String(decoding: before.body, as: UTF8.self) == "level: debug (reverts to info in 1 s)\n")
        clock.advance(by: .seconds(1))
        let after = try await endpoint.respond(to: DiagnosticsRequest())
        #expect(String(decoding: after.body, as: UTF8.self) == "level: info\n")
        #expect(level.level == .info)
    }

    @Test(arguments: ["0", "-1", "abc", "90000", "5d", "1.5x"])
    func put_badTTL_is400(ttl: String) async {
        let endpoint = LogLevelEndpoint(level: RuntimeLogLevel(.info))
        await #expect(throws: DiagnosticsError.badRequest("ttl=\(ttl) is not valid: use a positive number of seconds up to 86400, e.g. ttl=300s, ttl=5m")) {
            _ = try await endpoint.respond(to: DiagnosticsRequest(method: "PUT", query: ["level": "debug", "ttl": ttl]))
        }
    }

    @Test func put_withoutLevel_is400() async {
        let endpoint = LogLevelEndpoint(level: RuntimeLogLevel(.info))
        await #expect(throws: DiagnosticsError.self) { _ = try await endpoint.respond(to: DiagnosticsRequest(method: "POST")) }
    }
}
