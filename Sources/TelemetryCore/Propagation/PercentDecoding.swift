/// `%XX` decoding shared by W3C Baggage values and `OTEL_RESOURCE_ATTRIBUTES`.
package enum PercentDecoding {
    /// The decoded bytes, or nil when a `%` is not followed by two hex digits (either case).
    package static func decode<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8]? {
        var decoded: [UInt8] = []
        decoded.reserveCapacity(bytes.count)
        var iterator = bytes.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else {
                decoded.append(byte)
                continue
            }
            guard let high = iterator.next().flatMap(hexValue), let low = iterator.next().flatMap(hexValue) else { return nil }
            decoded.append(high << 4 | low)
        }
        return decoded
    }

    static func hexValue(_ byte: UInt8) -> UInt8? {
        if let value = HexCoding.value(ofLowercase: byte) { return value }
        guard (UInt8(ascii: "A")...UInt8(ascii: "F")).contains(byte) else { return nil }
        return byte - UInt8(ascii: "A") + 10
    }
}
