import Histogram

/// An HDR histogram of latencies in microseconds (1 µs to 5 min, 3 significant digits).
struct LatencyHistogram: Sendable {
    private var histogram = Histogram<UInt64>(highestTrackableValue: 300_000_000, numberOfSignificantValueDigits: .three)

    /// The number of recorded values.
    var count: UInt64 { histogram.totalCount }

    /// Records `duration` (clamped to the trackable range).
    mutating func record(_ duration: Duration) {
        let (seconds, attoseconds) = duration.components
        let micros = max(0, seconds) * 1_000_000 + attoseconds / 1_000_000_000_000
        _ = histogram.record(UInt64(min(max(micros, 1), 300_000_000)))
    }

    /// The percentiles the report prints, in milliseconds.
    var summary: LatencySummary {
        guard count > 0 else { return LatencySummary(count: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0) }
        func ms(_ micros: UInt64) -> Double { Double(micros) / 1000 }
        return LatencySummary(
            count: Int(count),
            p50: ms(histogram.valueAtPercentile(50)),
            p90: ms(histogram.valueAtPercentile(90)),
            p99: ms(histogram.valueAtPercentile(99)),
            p999: ms(histogram.valueAtPercentile(99.9)),
            max: ms(histogram.max)
        )
    }
}

/// Latency percentiles in milliseconds.
struct LatencySummary: Codable, Sendable {
    var count: Int
    var p50: Double
    var p90: Double
    var p99: Double
    var p999: Double
    var max: Double
}
