/// Writes little-endian fields into preallocated memory; never allocates.
struct ByteWriter {
    let base: UnsafeMutableRawPointer
    let capacity: Int
    var count = 0

    init(base: UnsafeMutableRawPointer, capacity: Int) {
        self.base = base
        self.capacity = capacity
    }

    mutating func u8(_ value: UInt8) {
        base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    mutating func u16(_ value: UInt16) {
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt16.self)
        count += 2
    }

    mutating func u32(_ value: UInt32) {
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt32.self)
        count += 4
    }

    mutating func u64(_ value: UInt64) {
        base.storeBytes(of: value.littleEndian, toByteOffset: count, as: UInt64.self)
        count += 8
    }

    /// A string as u16 length + UTF-8 bytes, cut at `limit` bytes on a character boundary.
    mutating func text(_ value: String, limit: Int = RecordLimits.shortText) {
        let stored: Int? = value.utf8.withContiguousStorageIfAvailable { bytes in
            var length = min(bytes.count, limit)
            // Do not cut inside a UTF-8 sequence.
            while length < bytes.count, length > 0, bytes[length] & 0xC0 == 0x80 { length -= 1 }
            u16(UInt16(length))
            if length > 0, let source = bytes.baseAddress {
                (base + count).copyMemory(from: source, byteCount: length)
            }
            count += length
            return length
        }
        if stored == nil {
            var copy = value
            copy.makeContiguousUTF8()
            text(copy, limit: limit)
        }
    }
}

/// Reads what ``ByteWriter`` wrote (at dump time: may allocate).
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    var offset: Int

    init(_ bytes: UnsafeRawBufferPointer, offset: Int = 0) {
        self.bytes = bytes
        self.offset = offset
    }

    mutating func u8() -> UInt8 {
        defer { offset += 1 }
        return bytes[offset]
    }

    mutating func u16() -> UInt16 {
        defer { offset += 2 }
        return UInt16(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt16.self))
    }

    mutating func u32() -> UInt32 {
        defer { offset += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    mutating func u64() -> UInt64 {
        defer { offset += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }
}
