/// A value bound to a query parameter or read from a result column.
///
/// Only what both backends store the same way: 64-bit integers, doubles, text, bytes and NULL.
/// Times are stored as integer microseconds since the Unix epoch, booleans as integers.
public enum DatabaseValue: Sendable, Hashable {
    /// SQL NULL.
    case null
    /// A 64-bit integer (`BIGINT` / `INTEGER`).
    case integer(Int64)
    /// A double (`DOUBLE PRECISION` / `REAL`).
    case real(Double)
    /// Text (`TEXT`).
    case text(String)
    /// Bytes (`BYTEA` / `BLOB`).
    case bytes([UInt8])
}

extension DatabaseValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByNilLiteral {
    /// A text value.
    public init(stringLiteral value: String) { self = .text(value) }
    /// An integer value.
    public init(integerLiteral value: Int64) { self = .integer(value) }
    /// NULL.
    public init(nilLiteral: ()) { self = .null }
}

extension DatabaseValue {
    /// Text, or NULL when `value` is nil.
    public static func text(_ value: String?) -> DatabaseValue { value.map { .text($0) } ?? .null }
    /// An integer, or NULL when `value` is nil.
    public static func integer(_ value: Int?) -> DatabaseValue { value.map { .integer(Int64($0)) } ?? .null }
}
