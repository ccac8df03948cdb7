/// The `grpc-timeout` request header: up to 8 ASCII digits and a unit (`H M S m u n`).
///
/// - SeeAlso: https://github.com/grpc/grpc/blob/master/doc/PROTOCOL-HTTP2.md#requests
enum GRPCTimeout {
    /// The header's name.
    static let headerName = "grpc-timeout"
    /// The largest amount the header may carry.
    static let maximumAmount: Int64 = 99_999_999

    /// The duration a header value encodes, or nil when it is malformed.
    static func decode(_ value: String) -> Duration? {
        let bytes = value.utf8
        guard (2...9).contains(bytes.count), let unit = bytes.last else { return nil }
        var amount: Int64 = 0
        for byte in bytes.dropLast() {
            guard byte.isASCIIDigit else { return nil }
            amount = amount * 10 + Int64(byte &- UInt8(ascii: "0"))
        }
        guard amount <= maximumAmount else { return nil }
        switch unit {
        case UInt8(ascii: "H"): return .seconds(amount * 3600)
        case UInt8(ascii: "M"): return .seconds(amount * 60)
        case UInt8(ascii: "S"): return .seconds(amount)
        case UInt8(ascii: "m"): return .milliseconds(amount)
        case UInt8(ascii: "u"): return .microseconds(amount)
        case UInt8(ascii: "n"): return .nanoseconds(amount)
        default: return nil
        }
    }

    /// The header value for `duration`, rounded up to the finest unit that fits in 8 digits.
    static func encode(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        guard seconds >= 0 else { return "0n" }
        let nanosecondsInSecond: Int64 = 1_000_000_000
        guard seconds < Int64.max / nanosecondsInSecond - 1 else { return "\(maximumAmount)H" }
        let nanoseconds = seconds * nanosecondsInSecond + (attoseconds + 999_999_999) / 1_000_000_000
        for (divisor, unit) in units {
            let amount = (nanoseconds + divisor - 1) / divisor
            if amount <= maximumAmount { return "\(amount)\(unit)" }
        }
        return "\(maximumAmount)H"
    }

    private static let units: [(divisor: Int64, unit: Character)] = [
        (1, "n"), (1_000, "u"), (1_000_000, "m"), (1_000_000_000, "S"), (60_000_000_000, "M"), (3_600_000_000_000, "H"),
    ]
}

extension UInt8 {
    fileprivate var isASCIIDigit: Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(self) }
}
