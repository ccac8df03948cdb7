/// The few protobuf wire-format pieces pprof needs: varints, packed varints, length-delimited fields.
///
/// Spec: https://protobuf.dev/programming-guides/encoding/
struct ProtobufWriter {
    private(set) var bytes: [UInt8] = []

    /// A varint (wire type 0) field; zero values are omitted, as proto3 does.
    mutating func uint64(_ field: Int, _ value: UInt64) {
        guard value != 0 else { return }
        key(field, wireType: 0)
        varint(value)
    }

    /// An int64 field (two's complement varint).
    mutating func int64(_ field: Int, _ value: Int64) {
        uint64(field, UInt64(bitPattern: value))
    }

    /// A bool field, omitted when false.
    mutating func bool(_ field: Int, _ value: Bool) {
        uint64(field, value ? 1 : 0)
    }

    /// A packed repeated varint field, omitted when empty.
    mutating func packed(_ field: Int, _ values: some Sequence<UInt64>) {
        var body = ProtobufWriter()
        for value in values { body.varint(value) }
        guard !body.bytes.isEmpty else { return }
        lengthDelimited(field, body.bytes)
    }

    /// A string field, written even when empty (pprof's string table starts with "").
    mutating func string(_ field: Int, _ value: String) {
        lengthDelimited(field, Array(value.utf8))
    }

    /// An embedded message field.
    mutating func message(_ field: Int, _ build: (inout ProtobufWriter) -> Void) {
        var body = ProtobufWriter()
        build(&body)
        lengthDelimited(field, body.bytes)
    }

    private mutating func lengthDelimited(_ field: Int, _ body: [UInt8]) {
        key(field, wireType: 2)
        varint(UInt64(body.count))
        bytes.append(contentsOf: body)
    }

    private mutating func key(_ field: Int, wireType: UInt64) {
        varint(UInt64(field) << 3 | wireType)
    }

    private mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }
}
