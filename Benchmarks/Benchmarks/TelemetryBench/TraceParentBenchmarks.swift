import TelemetryCore

/// Figure 2: `traceparent` parsing (extract) and formatting (inject).
///
/// Baselines, same run: the same header parsed the obvious way (`String.split` on `-`, then
/// `UInt64(_:radix:)` per field), and formatted with `String(_:radix:)` and interpolation.
enum TraceParentBenchmarks {
    static let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"
    static let iterations = 200_000

    static func run() {
        Report.header("2. traceparent parse / format")
        let input = opaque(header)
        let parse = Harness.measure(iterations: iterations) { blackHole(TraceParent(opaque(input))) }
        let splitParse = Harness.measure(iterations: iterations) { blackHole(SplitTraceParent(opaque(input))) }
        Report.figure(
            "traceparent.parse",
            measured: "\(Report.fixed(parse.nanoseconds, 1)) ns, \(Report.fixed(parse.allocations, 2)) allocs",
            target: "<= 100 ns, 0 allocs",
            ratio: parse.nanoseconds / splitParse.nanoseconds,
            baseline: "String.split + UInt64(radix:), \(Report.fixed(splitParse.nanoseconds, 1)) ns, \(Report.fixed(splitParse.allocations, 2)) allocs",
            met: parse.nanoseconds <= 100 && parse.allocations < 0.005
        )

        guard let parent = TraceParent(input), let splitParent = SplitTraceParent(input) else {
            Report.emit("traceparent.headerValue: the sample header did not parse  NOT MET")
            return
        }
        let format = Harness.measure(iterations: iterations) { blackHole(opaque(parent).headerValue) }
        let interpolated = Harness.measure(iterations: iterations) { blackHole(opaque(splitParent).headerValue) }
        Report.figure(
            "traceparent.headerValue",
            measured: "\(Report.fixed(format.nanoseconds, 1)) ns, \(Report.fixed(format.allocations, 2)) allocs",
            target: "<= 1 alloc",
            ratio: format.nanoseconds / interpolated.nanoseconds,
            baseline: "String(radix:) + interpolation, \(Report.fixed(interpolated.nanoseconds, 1)) ns, \(Report.fixed(interpolated.allocations, 2)) allocs",
            met: format.allocations <= 1.005 && parent.headerValue == header
        )
    }
}

/// The baseline: a `traceparent` parsed and printed with the standard library's obvious tools.
struct SplitTraceParent {
    var high: UInt64
    var low: UInt64
    var parent: UInt64
    var flags: UInt8

    init?(_ value: String) {
        let fields = value.split(separator: "-")
        guard fields.count == 4, fields[0] == "00", fields[1].count == 32, fields[2].count == 16, fields[3].count == 2,
            let high = UInt64(fields[1].prefix(16), radix: 16), let low = UInt64(fields[1].suffix(16), radix: 16),
            let parent = UInt64(fields[2], radix: 16), let flags = UInt8(fields[3], radix: 16)
        else { return nil }
        self.high = high
        self.low = low
        self.parent = parent
        self.flags = flags
    }

    var headerValue: String {
        "00-\(Self.hex(high, 16))\(Self.hex(low, 16))-\(Self.hex(parent, 16))-\(Self.hex(UInt64(flags), 2))"
    }

    static func hex(_ value: UInt64, _ width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: width - digits.count) + digits
    }
}
