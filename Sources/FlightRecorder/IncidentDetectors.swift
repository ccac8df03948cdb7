import Synchronization

/// Watches HTTP outcomes for a latency SLO breach and a burst of 5xx over a rolling window of one-second
/// buckets, and triggers a flight-recorder dump when either fires. One lock and a few additions per request.
///
/// ```swift
/// let detectors = IncidentDetectors(recorder: recorder)
/// router.add(middleware: HTTPServerTelemetryMiddleware(..., outcome: detectors.observe))
/// ```
public final class IncidentDetectors: Sendable {
    /// The thresholds.
    public struct Thresholds: Sendable, Equatable {
        /// A request slower than this is "slow".
        public var latency: Duration = .milliseconds(500)
        /// The SLO breaks when more than this share of the window's requests is slow...
        public var slowShare: Double = 0.05
        /// ...and the window holds at least this many requests.
        public var minimumRequests: Int = 20
        /// A 5xx burst: this many 5xx responses within the window.
        public var serverErrors: Int = 10
        /// The rolling window, in one-second buckets.
        public var windowSeconds: Int = 30

        /// The defaults: 5% of requests over 500 ms in 30 s, or 10 5xx in 30 s.
        public init() {}
    }

    struct Window {
        var second: [Int64]
        var total: [Int]
        var slow: [Int]
        var errors: [Int]
    }

    let thresholds: Thresholds
    let latencyNanos: UInt64
    let window: Mutex<Window>
    let fire: @Sendable (String) -> Void

    /// Detectors that call `recorder.trigger(reason:)` (`latency_slo` or `http_5xx_burst`).
    public convenience init(recorder: FlightRecorder, thresholds: Thresholds = .init()) {
        self.init(thresholds: thresholds) { reason in recorder.trigger(reason: reason) }
    }

    /// Detectors that call `fire` with the reason.
    public init(thresholds: Thresholds = .init(), fire: @escaping @Sendable (String) -> Void) {
        self.thresholds = thresholds
        let (seconds, attos) = thresholds.latency.components
        latencyNanos = UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attos)) / 1_000_000_000
        let size = max(thresholds.windowSeconds, 1)
        window = Mutex(Window(
            second: Array(repeating: -1, count: size), total: Array(repeating: 0, count: size),
            slow: Array(repeating: 0, count: size), errors: Array(repeating: 0, count: size)
        ))
        self.fire = fire
    }

    /// Feeds one finished request: its status and duration; `second` is any monotonic whole-second count.
    public func observe(status: Int, durationNanos: UInt64, second: Int64) {
        let thresholds = thresholds
        let latencyNanos = latencyNanos
        let reason: String? = window.withLock { window in
            let size = window.second.count
            let slot = Int(second % Int64(size))
            if window.second[slot] != second {
                window.second[slot] = second
                window.total[slot] = 0
                window.slow[slot] = 0
                window.errors[slot] = 0
            }
            window.total[slot] += 1
            let slow = durationNanos > latencyNanos
            let error = status >= 500
            if slow { window.slow[slot] += 1 }
            if error { window.errors[slot] += 1 }
            guard slow || error else { return nil }
            var total = 0, slowCount = 0, errorCount = 0
            for index in 0..<size where window.second[index] > second - Int64(size) {
                total += window.total[index]
                slowCount += window.slow[index]
                errorCount += window.errors[index]
            }
            if error, errorCount >= thresholds.serverErrors { return "http_5xx_burst" }
            if slow, total >= thresholds.minimumRequests, Double(slowCount) > Double(total) * thresholds.slowShare { return "latency_slo" }
            return nil
        }
        if let reason { fire(reason) }
    }

    /// Feeds one finished request, taking the second from the continuous clock.
    public func observe(status: Int, durationNanos: UInt64) {
        observe(status: status, durationNanos: durationNanos, second: ContinuousClock.now.secondsSinceBoot)
    }
}

extension ContinuousClock.Instant {
    var secondsSinceBoot: Int64 {
        (self - ContinuousClock.Instant.reference).components.seconds
    }

    static let reference = ContinuousClock.now
}
