/// The kinds of record the ring holds; the byte after each record's length.
enum RecordKind: UInt8 {
    case span = 1
    case log = 2
    case task = 3
    case sample = 4
}

/// Limits that keep every record small and bounded, so the ring's scratch space never grows.
enum RecordLimits {
    /// Longest name, label, key or short value kept, in UTF-8 bytes (longer ones are cut).
    static let shortText = 256
    /// Longest log message or status message kept.
    static let longText = 2048
    /// Most attributes or metadata pairs kept per record.
    static let pairs = 24
    /// The largest record that can be encoded (the scratch buffer's size).
    static let maxRecord = 4 + 1 + 8 + 64 + 2 * (2 + longText) + pairs * (2 * (2 + shortText) + 9) + 16
    /// Record header: length (u32), kind (u8), time in Unix nanoseconds (u64).
    static let header = 4 + 1 + 8
}
