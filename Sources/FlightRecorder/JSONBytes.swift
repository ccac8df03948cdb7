/// A minimal JSON writer into one growing buffer (dump time only): static text, escaped strings, hex and
/// decimal numbers are written as bytes, without `String` formatting.
///
/// ``render(estimatedCount:_:)`` writes straight into the storage of the array it returns, so a dump is not
/// copied once more at the end (unless it outgrows the estimate).
struct JSONBytes: ~Copyable {
    private var base: UnsafeMutablePointer<UInt8>
    private var capacity: Int
    /// False while writing into storage the writer does not own (the result array's).
    private var owned = true
    private(set) var count = 0

    init(reservingCapacity capacity: Int = 0) {
        self.capacity = max(capacity, 256)
        base = .allocate(capacity: self.capacity)
    }

    /// A writer into `storage`, which it moves out of (into memory of its own) only if it outgrows it.
    private init(storage: UnsafeMutableBufferPointer<UInt8>) {
        base = storage.baseAddress ?? .allocate(capacity: 0)
        capacity = storage.count
        owned = storage.baseAddress == nil
    }

    deinit {
        if owned { base.deallocate() }
    }

    /// The JSON `write` produces, written into the returned array's own storage when it fits
    /// `estimatedCount` bytes, else copied there once at the end.
    static func render(estimatedCount: Int, _ write: (inout JSONBytes) -> Void) -> [UInt8] {
        var outgrown: [UInt8]?
        let inPlace = [UInt8](unsafeUninitializedCapacity: max(estimatedCount, 256)) { buffer, initialized in
            var json = JSONBytes(storage: buffer)
            write(&json)
            if json.owned {
                outgrown = json.finish()
                initialized = 0
            } else {
                initialized = json.count
            }
        }
        return outgrown ?? inPlace
    }

    /// The bytes written, as an array (one copy).
    consuming func finish() -> [UInt8] {
        let count = count
        let base = base
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            if count > 0 { buffer.baseAddress?.update(from: base, count: count) }
            initialized = count
        }
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let newBase = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newBase.update(from: base, count: count)
        if owned { base.deallocate() }
        owned = true
        base = newBase
        capacity = newCapacity
    }

    @inline(__always)
    private mutating func byte(_ value: UInt8) {
        base[count] = value
        count += 1
    }

    mutating func raw(_ text: StaticString) {
        let length = text.utf8CodeUnitCount
        reserve(length)
        (base + count).update(from: text.utf8Start, count: length)
        count += length
    }

    /// A JSON string from UTF-8 bytes.
    mutating func string(_ value: UnsafeRawBufferPointer) {
        reserve(2)
        byte(UInt8(ascii: "\""))
        escaped(value)
        reserve(1)
        byte(UInt8(ascii: "\""))
    }

    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { string(UnsafeRawBufferPointer($0)) }
    }

    /// UTF-8 bytes escaped for the inside of a JSON string (quotes written by the caller).
    mutating func escaped(_ value: UnsafeRawBufferPointer) {
        reserve(value.count * 6)
        var start = 0
        for index in 0..<value.count {
            let character = value[index]
            guard character < 0x20 || character == UInt8(ascii: "\"") || character == UInt8(ascii: "\\") else { continue }
            copy(value, from: start, to: index)
            start = index + 1
            byte(UInt8(ascii: "\\"))
            switch character {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): byte(character)
            case 0x0A: byte(UInt8(ascii: "n"))
            case 0x0D: byte(UInt8(ascii: "r"))
            case 0x09: byte(UInt8(ascii: "t"))
            default:
                byte(UInt8(ascii: "u")); byte(UInt8(ascii: "0")); byte(UInt8(ascii: "0"))
                byte(Self.hexDigit(UInt64(character >> 4))); byte(Self.hexDigit(UInt64(character & 15)))
            }
        }
        copy(value, from: start, to: value.count)
    }

    @inline(__always)
    private mutating func copy(_ value: UnsafeRawBufferPointer, from start: Int, to end: Int) {
        guard end > start, let source = value.baseAddress else { return }
        UnsafeMutableRawPointer(base + count).copyMemory(from: source + start, byteCount: end - start)
        count += end - start
    }

    mutating func number(_ value: UInt64) {
        reserve(20)
        var length = 1
        var probe = value
        while probe >= 100 {
            probe /= 100
            length += 2
        }
        if probe >= 10 { length += 1 }
        var rest = value
        var index = count + length
        // Two digits per division.
        Self.digitPairs.withUTF8Buffer { pairs in
            while rest >= 100 {
                let pair = Int(rest % 100) * 2
                rest /= 100
                index -= 2
                base[index] = pairs[pair]
                base[index + 1] = pairs[pair + 1]
            }
            if rest >= 10 {
                let pair = Int(rest) * 2
                base[index - 2] = pairs[pair]
                base[index - 1] = pairs[pair + 1]
            } else {
                base[index - 1] = UInt8(truncatingIfNeeded: rest) &+ UInt8(ascii: "0")
            }
        }
        count += length
    }

    /// "00" to "99", for two digits per division.
    static let digitPairs: StaticString = "00010203040506070809101112131415161718192021222324252627282930313233343536373839404142434445464748495051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899"

    mutating func number(_ value: Int64) {
        if value < 0 {
            reserve(1)
            byte(UInt8(ascii: "-"))
        }
        number(value.magnitude)
    }

    mutating func number(_ value: Double) {
        string(unquoted: value.isFinite ? value.description : "0")
    }

    /// A number below 1000 with exactly three digits (a fraction after a decimal point).
    mutating func threeDigits(_ value: UInt64) {
        reserve(3)
        byte(UInt8(truncatingIfNeeded: value / 100 % 10) &+ UInt8(ascii: "0"))
        byte(UInt8(truncatingIfNeeded: value / 10 % 10) &+ UInt8(ascii: "0"))
        byte(UInt8(truncatingIfNeeded: value % 10) &+ UInt8(ascii: "0"))
    }

    /// A number as a JSON string (OTLP JSON encodes 64-bit integers as strings).
    mutating func quoted(_ value: UInt64) {
        reserve(1)
        byte(UInt8(ascii: "\""))
        number(value)
        reserve(1)
        byte(UInt8(ascii: "\""))
    }

    mutating func hex(_ value: UInt64) {
        reserve(16)
        for index in 0..<16 {
            base[count + index] = Self.hexDigit(value >> UInt64(60 - 4 * index))
        }
        count += 16
    }

    @inline(__always)
    static func hexDigit(_ value: UInt64) -> UInt8 {
        let nibble = UInt8(truncatingIfNeeded: value & 0xF)
        return nibble < 10 ? nibble &+ UInt8(ascii: "0") : nibble &+ (UInt8(ascii: "a") - 10)
    }

    mutating func key(_ name: StaticString) {
        reserve(1)
        byte(UInt8(ascii: "\""))
        raw(name)
        raw("\":")
    }

    mutating func comma() {
        reserve(1)
        byte(UInt8(ascii: ","))
    }

    /// Text known to need no escaping, as is.
    private mutating func string(unquoted text: String) {
        var text = text
        text.withUTF8 { utf8 in
            reserve(utf8.count)
            if let source = utf8.baseAddress { (base + count).update(from: source, count: utf8.count) }
            count += utf8.count
        }
    }
}
