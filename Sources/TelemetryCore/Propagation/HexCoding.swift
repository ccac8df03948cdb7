/// Lower-case hexadecimal helpers shared by the W3C identifiers; no allocation.
enum HexCoding {
    static let digits: [UInt8] = Array("0123456789abcdef".utf8)
    static let upperDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// The value of a lower-case hex digit, or nil (upper case is invalid in W3C Trace Context).
    @inline(__always)
    static func value(ofLowercase byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        default: return nil
        }
    }

    /// Parses `count` lower-case hex digits starting at `start` (count <= 16).
    @inline(__always)
    static func parseUInt64(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, count: Int) -> UInt64? {
        var result: UInt64 = 0
        for index in start..<(start + count) {
            guard let nibble = value(ofLowercase: bytes[index]) else { return nil }
            result = result << 4 | UInt64(nibble)
        }
        return result
    }

    /// Writes `value` as `count` lower-case hex digits (count <= 16).
    @inline(__always)
    static func write(_ value: UInt64, count: Int, into buffer: UnsafeMutableBufferPointer<UInt8>, at start: Int) {
        var remaining = value
        var index = start + count - 1
        while index >= start {
            buffer[index] = digits[Int(remaining & 0xF)]
            remaining >>= 4
            index -= 1
        }
    }
}
