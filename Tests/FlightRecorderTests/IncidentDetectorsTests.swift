import FlightRecorder
import Synchronization
import Testing

@Suite struct IncidentDetectorsTests {
    final class Fired: Sendable {
        let reasons = Mutex<[String]>([])
    }

    func detectors(_ fired: Fired) -> IncidentDetectors {
        var thresholds = IncidentDetectors.Thresholds()
        thresholds.latency = .milliseconds(100)
        thresholds.serverErrors = 5
        thresholds.minimumRequests = 10
        thresholds.slowShare = 0.2
        return IncidentDetectors(thresholds: thresholds) { reason in fired.reasons.withLock { $0.append(reason) } }
    }

    @Test func observe_burstOf5xx_firesAtThreshold() {
        let fired = Fired()
        let detectors = detectors(fired)
        for _ in 0..<4 { detectors.observe(status: 503, durationNanos: 1_000, second: 100) }
        #expect(fired.reasons.withLock { $0 }.isEmpty)
        detectors.observe(status: 500, durationNanos: 1_000, second: 101)
        #expect(fired.reasons.withLock { $0 } == ["http_5xx_burst"])
    }

    @Test func observe_5xxOutsideTheWindow_doesNotFire() {
        let fired = Fired()
        let detectors = detectors(fired)
        for second in stride(from: Int64(0), to: 500, by: 40) { detectors.observe(status: 500, durationNanos: 1_000, second: second) }
        #expect(fired.reasons.withLock { $0 }.isEmpty)
    }

    @Test func observe_slowShareAboveSLO_firesLatency() {
        let fired = Fired()
        let detectors = detectors(fired)
        for _ in 0..<10 { detectors.observe(status: 200, durationNanos: 1_000_000, second: 5) }
        #expect(fired.reasons.withLock { $0 }.isEmpty)
        for _ in 0..<3 { detectors.observe(status: 200, durationNanos: 500_000_000, second: 5) }
        #expect(fired.reasons.withLock { $0 }.contains("latency_slo"))
    }

    @Test func observe_fastRequests_neverFire() {
        let fired = Fired()
        let detectors = detectors(fired)
        for index in 0..<1_000 { detectors.observe(status: 200, durationNanos: 1_000, second: Int64(index / 100)) }
        #expect(fired.reasons.withLock { $0 }.isEmpty)
    }
}
