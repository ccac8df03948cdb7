import Profiling
import Testing

@Suite struct SpanLabelTests {
    @Test func init_hexIDs_roundTrips() throws {
        let label = try #require(SpanLabel(traceID: "0af7651916cd43dd8448eb211c80319c", spanID: "00f067aa0ba902b7"))
        #expect(label.traceIDHigh == 0x0af7_6519_16cd_43dd)
        #expect(label.traceIDLow == 0x8448_eb21_1c80_319c)
        #expect(label.traceIDHex == "0af7651916cd43dd8448eb211c80319c")
        #expect(label.spanIDHex == "00f067aa0ba902b7")
    }

    @Test(arguments: [("0af7651916cd43dd8448eb211c80319", "00f067aa0ba902b7"), ("0af7651916cd43dd8448eb211c80319c", "0000000000000000"),
                      ("0af7651916cd43dd8448eb211c80319z", "00f067aa0ba902b7"), ("0af7651916cd43dd8448eb211c80319c", "00f067aa0ba902b")])
    func init_malformedOrZero_isNil(traceID: String, spanID: String) {
        #expect(SpanLabel(traceID: traceID, spanID: spanID) == nil)
    }

    @Test func withSpanLabel_nested_restoresPreviousOnExit() {
        let outer = SpanLabel(traceIDHigh: 1, traceIDLow: 2, spanID: 3)
        let inner = SpanLabel(traceIDHigh: 4, traceIDLow: 5, spanID: 6)
        CPUProfiler.setCurrentSpanLabel(nil)
        CPUProfiler.withSpanLabel(outer) {
            #expect(CPUProfiler.currentSpanLabel == outer)
            CPUProfiler.withSpanLabel(inner) { #expect(CPUProfiler.currentSpanLabel == inner) }
            #expect(CPUProfiler.currentSpanLabel == outer)
        }
        #expect(CPUProfiler.currentSpanLabel == nil)
    }
}
