import TelemetryCore
import TelemetryTesting
import Testing

@Suite struct PropagationCarrierTests {
    @Test(arguments: PropagationConformance.cases)
    func conformance_inMemoryCarrier_passesEveryCase(_ testCase: PropagationConformanceCase) {
        #expect(PropagationConformance.check(testCase) { InMemoryCarrier($0) } == [])
    }

    @Test func extractor_repeatedValues_joinsThemWithACommaInOrder() {
        let carrier = InMemoryCarrier([("tracestate", "a=1"), ("TraceState", "b=2")])
        let extractor = PropagationCarrierExtractor<InMemoryCarrier>()
        #expect(extractor.extract(key: "tracestate", from: carrier) == "a=1,b=2")
        #expect(extractor.extract(key: "baggage", from: carrier) == nil)
    }

    @Test func extractor_singleValue_returnsItUnchanged() {
        let carrier = InMemoryCarrier([("baggage", " a=1 ")])
        #expect(PropagationCarrierExtractor<InMemoryCarrier>().extract(key: "Baggage", from: carrier) == " a=1 ")
    }

    @Test func injector_existingValues_replacesThem() {
        var carrier = InMemoryCarrier([("TraceParent", "old"), ("traceparent", "older"), ("other", "x")])
        PropagationCarrierInjector<InMemoryCarrier>().inject("new", forKey: "traceparent", into: &carrier)
        #expect(carrier.values(forName: "traceparent") == ["new"])
        #expect(carrier.values(forName: "other") == ["x"])
    }
}
