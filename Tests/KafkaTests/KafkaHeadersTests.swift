import Kafka
import TelemetryCore
import TelemetryTesting
import Testing

@Suite struct KafkaHeadersTests {
    @Test(arguments: PropagationConformance.cases)
    func conformanceCase_onKafkaHeaders_conforms(_ testCase: PropagationConformanceCase) {
        let failures = PropagationConformance.check(testCase) { pairs in
            KafkaHeaders(pairs.map { KafkaHeaders.Header(name: $0.name, value: $0.value) })
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func values_withRepeatedMixedCaseNames_returnsAllInOrder() {
        var headers = KafkaHeaders()
        headers.append(name: "tracestate", value: "a=1")
        headers.append(name: "x-other", value: "z")
        headers.append(name: "TraceState", value: "b=2")

        #expect(headers.values(forName: "TRACESTATE") == ["a=1", "b=2"])
        #expect(headers["x-OTHER"] == "z")
    }

    @Test func setValue_withRepeatedHeader_replacesEveryValueAndKeepsOthers() {
        var headers: KafkaHeaders = ["Baggage": "a=1", "baggage": "b=2", "event-type": "order.placed"]
        headers.setValue("c=3", forName: "BAGGAGE")

        #expect(headers.values(forName: "baggage") == ["c=3"])
        #expect(headers.values(forName: "event-type") == ["order.placed"])
        #expect(headers.count == 2)
    }

    @Test func values_withNonLetterNamesDifferingInBit5_doNotMatch() {
        let headers: KafkaHeaders = ["a-b": "1"]
        // "-" (0x2D) and "\r" (0x0D) differ only in the case bit but are not letters.
        #expect(headers.values(forName: "a\rb").isEmpty)
    }
}
