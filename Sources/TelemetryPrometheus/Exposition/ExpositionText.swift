#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only view of an exposition's bytes with the few non-generic, `memchr`/`memcmp`-backed
/// operations the transcoder needs (fast in debug builds too).
struct ExpositionText {
    /// The bytes.
    let bytes: UnsafeBufferPointer<UInt8>

    /// The number of bytes.
    var count: Int { bytes.count }

    /// The byte at `index`.
    subscript(index: Int) -> UInt8 { bytes[index] }

    /// The bytes of `range`, for appending.
    subscript(range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
        UnsafeBufferPointer(rebasing: bytes[range])
    }

    /// The first `byte` in `range`.
    func firstIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        guard !range.isEmpty, let base = bytes.baseAddress,
            let found = memchr(base + range.lowerBound, Int32(byte), range.count)
        else { return nil }
        return base.distance(to: found.assumingMemoryBound(to: UInt8.self))
    }

    /// The last `byte` in `range`.
    func lastIndex(of byte: UInt8, in range: Range<Int>) -> Int? {
        var index = range.upperBound
        while index > range.lowerBound {
            index -= 1
            if bytes[index] == byte { return index }
        }
        return nil
    }

    /// The end of the line starting at `start` (its newline, or the end of the text).
    func lineEnd(from start: Int) -> Int {
        firstIndex(of: UInt8(ascii: "\n"), in: start..<count) ?? count
    }

    /// Whether the bytes of `first` and `second` are equal.
    func equal(_ first: Range<Int>, _ second: Range<Int>) -> Bool {
        first.count == second.count
            && (first.isEmpty || memcmp(bytes.baseAddress! + first.lowerBound, bytes.baseAddress! + second.lowerBound, first.count) == 0)
    }

    /// Whether the bytes of `range` are `text`.
    func equal(_ range: Range<Int>, _ text: StaticString) -> Bool {
        range.count == text.utf8CodeUnitCount
            && (range.isEmpty || memcmp(bytes.baseAddress! + range.lowerBound, text.utf8Start, range.count) == 0)
    }

    /// Whether `range` starts with `prefix`.
    func hasPrefix(_ range: Range<Int>, _ prefix: StaticString) -> Bool {
        range.count >= prefix.utf8CodeUnitCount
            && equal(range.lowerBound..<(range.lowerBound + prefix.utf8CodeUnitCount), prefix)
    }

    /// Whether `range` ends with `suffix`.
    func hasSuffix(_ range: Range<Int>, _ suffix: StaticString) -> Bool {
        range.count >= suffix.utf8CodeUnitCount
            && equal((range.upperBound - suffix.utf8CodeUnitCount)..<range.upperBound, suffix)
    }
}
