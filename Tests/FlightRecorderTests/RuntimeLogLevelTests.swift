import FlightRecorder
import Logging
import Testing

@Suite struct RuntimeLogLevelTests {
    @Test func set_withTTL_revertsOnlyAfterTheTTL() {
        let level = RuntimeLogLevel(.info)
        let start = ContinuousClock.now
        level.set(.debug, ttl: .seconds(300), now: start)
        #expect(level.level == .debug)
        #expect(!level.revertIfExpired(now: start + .seconds(299)))
        #expect(level.level == .debug)
        #expect(level.revertIfExpired(now: start + .seconds(300)))
        #expect(level.level == .info)
        #expect(level.expiry == nil)
    }

    @Test func set_withoutTTL_becomesTheBase() {
        let level = RuntimeLogLevel(.info)
        level.set(.warning, ttl: nil)
        #expect(level.baseLevel == .warning)
        #expect(!level.revertIfExpired(now: .now + .seconds(100_000)))
        #expect(level.level == .warning)
    }
}
