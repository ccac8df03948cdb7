import NIOHTTP1
import TelemetryCore
import TelemetryHTTP
import TelemetryTesting
import Testing

@Suite struct HTTPHeadersPropagationCarrierTests {
    @Test(arguments: PropagationConformance.cases)
    func conformanceCase_onHTTPHeaders_conforms(_ testCase: PropagationConformanceCase) {
        let failures = PropagationConformance.check(testCase) { pairs in
            HTTPHeaders(pairs.map { ($0.name, $0.value) })
        }
        #expect(failures.isEmpty, "\(failures)")
    }
}
