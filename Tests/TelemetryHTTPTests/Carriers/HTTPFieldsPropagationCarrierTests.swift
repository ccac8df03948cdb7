import HTTPTypes
import TelemetryCore
import TelemetryHTTP
import TelemetryTesting
import Testing

@Suite struct HTTPFieldsPropagationCarrierTests {
    @Test(arguments: PropagationConformance.cases)
    func conformanceCase_onHTTPFields_conforms(_ testCase: PropagationConformanceCase) {
        let failures = PropagationConformance.check(testCase) { pairs in
            var fields = HTTPFields()
            for pair in pairs { fields.append(HTTPField(name: HTTPField.Name(pair.name)!, value: pair.value)) }
            return fields
        }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test func setValue_withRepeatedField_replacesEveryValue() {
        var fields: HTTPFields = [HTTPField.Name("Baggage")!: "a=1"]
        fields.append(HTTPField(name: HTTPField.Name("baggage")!, value: "b=2"))
        fields.setValue("c=3", forName: "BAGGAGE")
        #expect(fields.values(forName: "baggage") == ["c=3"])
    }
}
