/// Recent spans by latency bucket, error samples and running spans, like the zPages `tracez` page.
public struct TracezSnapshot: Sendable {
    /// The latency bucket bounds in nanoseconds: [0, 10µs, 100µs, 1ms, 10ms, 100ms, 1s, 10s, inf).
    public static let bucketBounds: [UInt64] = [0, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000, 1_000_000_000, 10_000_000_000]
    /// The bucket labels, in order.
    public static let bucketLabels = ["[0,10µs)", "[10µs,100µs)", "[100µs,1ms)", "[1ms,10ms)", "[10ms,100ms)", "[100ms,1s)", "[1s,10s)", "[10s,inf)"]
    /// Samples kept per bucket and per span name.
    public static let samplesPerBucket = 5

    /// One span as tracez shows it.
    public struct Sample: Sendable {
        /// Its name.
        public var name: String
        /// Trace id, hex.
        public var traceID: String
        /// Span id, hex.
        public var spanID: String
        /// Start, Unix nanoseconds.
        public var startNanos: UInt64
        /// Duration (or age, for a running span) in nanoseconds.
        public var durationNanos: UInt64
        /// Whether head sampling exported it.
        public var isSampled: Bool
        /// The status message of an error span.
        public var statusMessage: String
    }

    /// Per span name: counts per latency bucket, the latest samples per bucket, errors.
    public struct Summary: Sendable {
        /// The span name.
        public var name: String
        /// Finished spans per bucket (``TracezSnapshot/bucketLabels`` order).
        public var bucketCounts: [Int]
        /// The latest samples per bucket.
        public var bucketSamples: [[Sample]]
        /// Error spans.
        public var errorCount: Int
        /// The latest error samples.
        public var errorSamples: [Sample]
        /// Running now.
        public var runningCount: Int
    }

    /// Per span name, sorted by name.
    public var summaries: [Summary]
    /// Running spans, oldest first.
    public var running: [Sample]

    init(records: [DecodedRecord], running entries: [RunningSpans.Entry], now: UInt64) {
        var byName: [String: Summary] = [:]
        func empty(_ name: String) -> Summary {
            Summary(
                name: name, bucketCounts: Array(repeating: 0, count: 8), bucketSamples: Array(repeating: [], count: 8),
                errorCount: 0, errorSamples: [], runningCount: 0
            )
        }
        for case .span(let span) in records.reversed() {
            var summary = byName[span.name] ?? empty(span.name)
            let bucket = (Self.bucketBounds.lastIndex { span.durationNanos >= $0 }) ?? 0
            summary.bucketCounts[bucket] += 1
            let sample = Sample(
                name: span.name, traceID: hex(span.traceHigh) + hex(span.traceLow), spanID: hex(span.spanID),
                startNanos: span.startNanos, durationNanos: span.durationNanos, isSampled: span.isSampled, statusMessage: span.statusMessage
            )
            if summary.bucketSamples[bucket].count < Self.samplesPerBucket { summary.bucketSamples[bucket].append(sample) }
            if span.isError {
                summary.errorCount += 1
                if summary.errorSamples.count < Self.samplesPerBucket { summary.errorSamples.append(sample) }
            }
            byName[span.name] = summary
        }
        running = entries.sorted { $0.startNanos < $1.startNanos }.map {
            Sample(name: $0.name, traceID: "", spanID: "", startNanos: $0.startNanos, durationNanos: now > $0.startNanos ? now - $0.startNanos : 0, isSampled: false, statusMessage: "")
        }
        for entry in running {
            var summary = byName[entry.name] ?? empty(entry.name)
            summary.runningCount += 1
            byName[entry.name] = summary
        }
        summaries = byName.values.sorted { $0.name < $1.name }
    }
}

private func hex(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: 16 - digits.count) + digits
}
