@testable import TelemetryPrometheus

/// A rendered exposition, as lines.
struct Exposition {
    /// The whole text.
    let text: String
    /// Its lines, without the final empty one.
    var lines: [Substring] { text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() }

    init(_ bytes: [UInt8]) {
        text = String(decoding: bytes, as: UTF8.self)
    }

    init(_ backend: PrometheusMetricsBackend, _ format: ExpositionFormat) {
        self.init(backend.render(format: format))
    }

    /// Lines that carry an exemplar.
    var exemplarLines: [Substring] { lines.filter { $0.contains(" # {") } }

    /// The line of `series` (its name and labels, up to the closing brace), if present.
    func line(startingWith series: String) -> Substring? {
        lines.first { $0.hasPrefix(series + " ") || $0 == series }
    }
}
