@testable import Profiling
import Testing

@Suite struct ProtobufWriterTests {
    @Test func uint64_multiByteValue_isLittleEndianBase128() {
        var writer = ProtobufWriter()
        writer.uint64(1, 300)
        #expect(writer.bytes == [0x08, 0xAC, 0x02])  // the example of protobuf.dev's encoding guide
    }

    @Test func int64_negative_isTenByteTwosComplement() {
        var writer = ProtobufWriter()
        writer.int64(2, -1)
        #expect(writer.bytes == [0x10] + [UInt8](repeating: 0xFF, count: 9) + [0x01])
    }

    @Test func uint64_zero_isOmitted() {
        var writer = ProtobufWriter()
        writer.uint64(3, 0)
        writer.bool(4, false)
        #expect(writer.bytes.isEmpty)
    }

    @Test func packedAndMessage_nested_areLengthDelimited() {
        var writer = ProtobufWriter()
        writer.message(2) { sample in
            sample.packed(1, [1, 150])
            sample.string(3, "ab")
        }
        #expect(writer.bytes == [0x12, 0x09, 0x0A, 0x03, 0x01, 0x96, 0x01, 0x1A, 0x02, 0x61, 0x62])
    }
}
