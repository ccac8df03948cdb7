/// A `.tar.gz` written without a compression library: ustar entries inside gzip "stored" deflate blocks
/// (valid gzip that `tar xzf` reads; diagnostics are small, so compression is not worth a dependency).
struct TarGzArchive {
    private var tar: [UInt8] = []

    /// Adds one regular file.
    mutating func add(path: String, contents: [UInt8], modified: Int = 0) {
        var header = [UInt8](repeating: 0, count: 512)
        func put(_ text: String, at offset: Int, width: Int) {
            for (index, byte) in text.utf8.prefix(width).enumerated() { header[offset + index] = byte }
        }
        func octal(_ value: Int, width: Int) -> String {
            let digits = String(value, radix: 8)
            return String(repeating: "0", count: max(0, width - 1 - digits.count)) + digits
        }
        put(String(path.utf8.prefix(100))!, at: 0, width: 100)
        put(octal(0o644, width: 8), at: 100, width: 7)
        put(octal(0, width: 8), at: 108, width: 7)
        put(octal(0, width: 8), at: 116, width: 7)
        put(octal(contents.count, width: 12), at: 124, width: 11)
        put(octal(modified, width: 12), at: 136, width: 11)
        put("        ", at: 148, width: 8)
        header[156] = UInt8(ascii: "0")
        put("ustar", at: 257, width: 6)
        put("00", at: 263, width: 2)
        let checksum = header.reduce(0) { $0 + Int($1) }
        put(octal(checksum, width: 7), at: 148, width: 6)
        header[154] = 0
        header[155] = UInt8(ascii: " ")
        tar += header
        tar += contents
        tar += [UInt8](repeating: 0, count: (512 - contents.count % 512) % 512)
    }

    /// The archive: the tar stream (with its two zero blocks) gzipped.
    func finish() -> [UInt8] {
        let stream = tar + [UInt8](repeating: 0, count: 1024)
        var out: [UInt8] = [0x1F, 0x8B, 0x08, 0x00, 0, 0, 0, 0, 0x00, 0xFF]
        var offset = 0
        repeat {
            let length = min(65535, stream.count - offset)
            let final = offset + length == stream.count
            out.append(final ? 1 : 0)
            out += [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)]
            out += stream[offset..<(offset + length)]
            offset += length
        } while offset < stream.count
        let crc = CRC32.checksum(stream)
        let size = UInt32(truncatingIfNeeded: stream.count)
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((crc >> UInt32(shift)) & 0xFF)) }
        for shift in stride(from: 0, to: 32, by: 8) { out.append(UInt8((size >> UInt32(shift)) & 0xFF)) }
        return out
    }
}

/// CRC-32 (IEEE 802.3), as gzip's trailer needs.
enum CRC32 {
    static let table: [UInt32] = (0..<256).map { index in
        var value = UInt32(index)
        for _ in 0..<8 { value = value & 1 != 0 ? 0xEDB8_8320 ^ (value >> 1) : value >> 1 }
        return value
    }

    static func checksum(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes { crc = table[Int((crc ^ UInt32(byte)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}
