import TelemetryCore
import Testing

@Suite struct TraceIDTests {
    @Test func description_anyID_isThirtyTwoLowerCaseHexDigits() {
        let id = TraceID(high: 0x4bf9_2f35_77b3_4da6, low: 0xa3ce_929d_0e0e_4736)
        #expect(id.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(TraceID(high: 0, low: 1).description == "00000000000000000000000000000001")
    }

    @Test func isValid_allZero_isFalse() {
        #expect(!TraceID(high: 0, low: 0).isValid)
        #expect(TraceID(high: 0, low: 1).isValid)
        #expect(TraceID(high: 1, low: 0).isValid)
    }

    @Test func random_manyCalls_areValidAndDistinct() {
        let ids = (0..<1000).map { _ in TraceID.random() }
        #expect(ids.allSatisfy { $0.isValid })
        #expect(Set(ids).count == ids.count)
    }
}

@Suite struct SpanIDTests {
    @Test func description_anyID_isSixteenLowerCaseHexDigits() {
        #expect(SpanID(0x00f0_67aa_0ba9_02b7).description == "00f067aa0ba902b7")
        #expect(SpanID(UInt64.max).description == "ffffffffffffffff")
    }

    @Test func isValid_zero_isFalse() {
        #expect(!SpanID(0).isValid)
        #expect(SpanID(1).isValid)
    }

    @Test func random_manyCalls_areValidAndDistinct() {
        let ids = (0..<1000).map { _ in SpanID.random() }
        #expect(ids.allSatisfy { $0.isValid })
        #expect(Set(ids).count == ids.count)
    }
}

@Suite struct TraceFlagsTests {
    @Test func defined_level2_isSampledAndRandom() {
        #expect(TraceFlags.sampled.rawValue == 0x01)
        #expect(TraceFlags.random.rawValue == 0x02)
        #expect(TraceFlags.defined.rawValue == 0x03)
    }
}
