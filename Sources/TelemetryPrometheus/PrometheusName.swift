/// Turns swift-metrics labels and dimension names into valid Prometheus names.
///
/// The output is plain ASCII (`[a-zA-Z_:][a-zA-Z0-9_:]*` for metric names, no `:` in label names),
/// so swift-prometheus's own sanitiser leaves it untouched and the label bytes it renders are the
/// bytes ``PrometheusLabels`` renders for the exemplar index.
///
/// Names follow the OpenTelemetry-to-Prometheus rules: `.` and other invalid characters become `_`,
/// counters end in `_total`, and timers (always rendered in seconds) end in `_seconds`.
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/otel/compatibility/prometheus_and_openmetrics/
enum PrometheusName {
    /// The suffix every counter's samples carry.
    static let counterSuffix = "_total"
    /// The unit suffix of timers: swift-prometheus renders durations in seconds.
    static let secondsSuffix = "_seconds"

    /// A valid metric name for `label`, with `suffix` appended unless it is already there.
    static func metric(_ label: String, suffix: String? = nil) -> String {
        var name = sanitized(label, allowColon: true)
        if let suffix, !name.hasSuffix(suffix) {
            name += suffix
        }
        return name
    }

    /// A valid label name for a dimension's key.
    static func label(_ key: String) -> String {
        sanitized(key, allowColon: false)
    }

    private static func sanitized(_ name: String, allowColon: Bool) -> String {
        if isValid(name, allowColon: allowColon) { return name }
        var result = ""
        result.reserveCapacity(name.utf8.count)
        for (offset, character) in name.enumerated() {
            if let ascii = character.asciiValue, isValid(ascii, first: offset == 0, allowColon: allowColon) {
                result.unicodeScalars.append(Unicode.Scalar(ascii))
            } else {
                result.append("_")
            }
        }
        return result.isEmpty ? "_" : result
    }

    private static func isValid(_ name: String, allowColon: Bool) -> Bool {
        guard !name.isEmpty else { return false }
        var first = true
        for byte in name.utf8 {
            guard isValid(byte, first: first, allowColon: allowColon) else { return false }
            first = false
        }
        return true
    }

    private static func isValid(_ byte: UInt8, first: Bool, allowColon: Bool) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"):
            true
        case UInt8(ascii: ":"):
            allowColon
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            !first
        default:
            false
        }
    }
}
