import GRPCCore
import TelemetryCore
import TelemetryGRPC
import TelemetryTesting
import Testing

@Suite struct MetadataPropagationCarrierTests {
    @Test(arguments: PropagationConformance.cases)
    func conformanceCase_onMetadata_conforms(_ testCase: PropagationConformanceCase) {
        let failures = PropagationConformance.check(testCase) { fields in
            var metadata = Metadata()
            for field in fields { metadata.addString(field.value, forKey: field.name) }
            return metadata
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func values_withMixedCaseName_matchCaseInsensitivelyInOrder() {
        var metadata = Metadata()
        metadata.addString("a=1", forKey: "tracestate")
        metadata.addString("b=2", forKey: "TraceState")

        #expect(metadata.values(forName: "TRACESTATE") == ["a=1", "b=2"])
    }

    @Test func values_withBinaryEntry_skipsIt() {
        var metadata = Metadata()
        metadata.addBinary([1, 2], forKey: "baggage-bin")

        #expect(metadata.values(forName: "baggage-bin").isEmpty)
    }

    @Test func setValue_withExistingValues_replacesThemUnderLowerCasedKey() {
        var metadata = Metadata()
        metadata.addString("old", forKey: "Traceparent")
        metadata.addString("older", forKey: "traceparent")
        metadata.setValue("new", forName: "TraceParent")

        #expect(metadata.values(forName: "traceparent") == ["new"])
        #expect(metadata.map(\.key) == ["traceparent"])
    }
}
