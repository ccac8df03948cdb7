import TelemetryCore
import Testing

private let valid = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

@Suite struct W3CPropagationTests {
    @Test func extract_allHeaders_readsTraceParentTraceStateAndBaggage() {
        let carrier = InMemoryCarrier([
            ("TraceParent", valid), ("tracestate", "rojo=1"), ("TRACESTATE", "congo=2"), ("baggage", "saga.id=7f3c"),
        ])
        let incoming = W3CPropagation.extract(from: carrier)
        #expect(incoming.traceParent == TraceParent(valid))
        #expect(incoming.traceState?.headerValue == "rojo=1,congo=2")
        #expect(incoming.baggage?["saga.id"] == "7f3c")
    }

    @Test func extract_twoTraceParents_startsANewTrace() {
        let incoming = W3CPropagation.extract(traceParentValues: [valid, valid], traceStateValues: ["rojo=1"], baggageValues: [])
        #expect(incoming.traceParent == nil)
        #expect(incoming.traceState == nil)
    }

    @Test func extract_invalidTraceParent_dropsTraceStateButKeepsBaggage() {
        let incoming = W3CPropagation.extract(
            traceParentValues: ["ff" + valid.dropFirst(2)],
            traceStateValues: ["rojo=1"],
            baggageValues: ["saga.id=7f3c"]
        )
        #expect(incoming.traceParent == nil)
        #expect(incoming.traceState == nil)
        #expect(incoming.baggage?["saga.id"] == "7f3c")
    }

    @Test func extract_invalidTraceState_keepsTheTraceParent() {
        let incoming = W3CPropagation.extract(traceParentValues: [valid], traceStateValues: ["rojo=1,rojo=2"], baggageValues: [])
        #expect(incoming.traceParent == TraceParent(valid))
        #expect(incoming.traceState == nil)
    }

    @Test func extract_emptyTraceStateAndBaggage_areNil() {
        let incoming = W3CPropagation.extract(traceParentValues: [valid], traceStateValues: [" , "], baggageValues: ["=x"])
        #expect(incoming.traceState == nil)
        #expect(incoming.baggage == nil)
    }

    @Test func inject_allParts_replacesWhatTheCarrierHeld() throws {
        var carrier = InMemoryCarrier([("TraceParent", "stale"), ("tracestate", "stale=1"), ("Baggage", "stale=1")])
        var baggage = Baggage()
        baggage["saga.id"] = "7f3c"
        W3CPropagation.inject(
            traceParent: try #require(TraceParent(valid)),
            traceState: TraceState(headerValues: ["rojo=1"]),
            baggage: baggage,
            into: &carrier
        )
        #expect(carrier.values(forName: "traceparent") == [valid])
        #expect(carrier.values(forName: "tracestate") == ["rojo=1"])
        #expect(carrier.values(forName: "baggage") == ["saga.id=7f3c"])
        #expect(carrier.fields.count == 3)
    }

    @Test func inject_noTraceStateOrBaggage_writesOnlyTraceParent() throws {
        var carrier = InMemoryCarrier()
        W3CPropagation.inject(traceParent: try #require(TraceParent(valid)), traceState: nil, baggage: nil, into: &carrier)
        #expect(carrier.fields.map(\.name) == ["traceparent"])
    }
}
