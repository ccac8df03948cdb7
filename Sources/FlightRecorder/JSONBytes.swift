/// A minimal JSON writer into a byte array (dump time only).
struct JSONBytes {
    var bytes: [UInt8] = []

    init(reservingCapacity capacity: Int = 0) {
        bytes.reserveCapacity(capacity)
    }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case UInt8(ascii: "\\"): bytes.append(UInt8(ascii: "\\")); bytes.append(byte)
            case 0x0A: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "n"))
            case 0x0D: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "r"))
            case 0x09: bytes.append(UInt8(ascii: "\\")); bytes.append(UInt8(ascii: "t"))
            case 0..<0x20:
                let hex: [UInt8] = Array("0123456789abcdef".utf8)
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func number(_ value: UInt64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func number(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func number(_ value: Double) {
        bytes.append(contentsOf: (value.isFinite ? String(value) : "0").utf8)
    }

    /// A number as a JSON string (OTLP JSON encodes 64-bit integers as strings).
    mutating func quoted(_ value: UInt64) {
        bytes.append(UInt8(ascii: "\""))
        number(value)
        bytes.append(UInt8(ascii: "\""))
    }

    mutating func hex(_ value: UInt64) {
        let digits: StaticString = "0123456789abcdef"
        digits.withUTF8Buffer { table in
            for shift in stride(from: 60, through: 0, by: -4) {
                bytes.append(table[Int((value >> UInt64(shift)) & 0xF)])
            }
        }
    }

    mutating func key(_ name: StaticString) {
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    mutating func comma() { bytes.append(UInt8(ascii: ",")) }
}
