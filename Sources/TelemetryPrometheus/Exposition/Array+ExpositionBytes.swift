/// Byte writers for the exposition formats: no Foundation, no intermediate strings for integers.
extension [UInt8] {
    /// Appends a string's UTF-8 bytes.
    mutating func append(_ text: StaticString) {
        text.withUTF8Buffer { append(contentsOf: $0) }
    }

    /// Appends `value` in decimal.
    mutating func appendDecimal(_ value: Int64) {
        if value < 0 {
            append(UInt8(ascii: "-"))
            appendDecimal(value.magnitude)
        } else {
            appendDecimal(UInt64(value))
        }
    }

    /// Appends `value` in decimal.
    mutating func appendDecimal(_ value: UInt64) {
        let start = count
        var remaining = value
        repeat {
            append(UInt8(ascii: "0") + UInt8(remaining % 10))
            remaining /= 10
        } while remaining > 0
        self[start...].reverse()
    }

    /// Appends `value` as `count` lower-case hex digits (most significant first).
    mutating func appendHex(_ value: UInt64, count: Int) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            var shift = (count - 1) * 4
            while shift >= 0 {
                append(table[Int((value >> UInt64(shift)) & 0xF)])
                shift -= 4
            }
        }
    }

    /// Appends a sample value as OpenMetrics spells it (`+Inf`, `-Inf`, `NaN`; Swift's shortest
    /// round-tripping decimal otherwise, which both formats' parsers read).
    mutating func appendNumber(_ value: Double) {
        if value.isNaN {
            append("NaN")
        } else if value.isInfinite {
            append(value < 0 ? "-Inf" : "+Inf")
        } else if value == value.rounded(), value.magnitude < 1e15 {
            appendDecimal(Int64(value))
        } else {
            append(contentsOf: value.description.utf8)
        }
    }

    /// Appends a Unix time in seconds with millisecond precision, e.g. `1767225600.123`.
    mutating func appendUnixSeconds(nanoseconds: Int64) {
        let (seconds, remainder) = nanoseconds.quotientAndRemainder(dividingBy: 1_000_000_000)
        appendDecimal(seconds)
        append(UInt8(ascii: "."))
        let milliseconds = remainder.magnitude / 1_000_000
        append(UInt8(ascii: "0") + UInt8(milliseconds / 100))
        append(UInt8(ascii: "0") + UInt8(milliseconds / 10 % 10))
        append(UInt8(ascii: "0") + UInt8(milliseconds % 10))
    }
}
