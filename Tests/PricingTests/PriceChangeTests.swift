import Foundation
import ServiceRuntime
import Testing

@testable import Pricing

@Suite struct PriceChangeTests {
    func problem(_ body: String) -> ProblemDetails? {
        do {
            _ = try PriceChange.parse(Data(body.utf8))
            return nil
        } catch {
            return error
        }
    }

    @Test func parse_validBodies_readPriceAndOptionalGroup() throws {
        #expect(try PriceChange.parse(Data(#"{"unitPriceMinor": 1990}"#.utf8)) == PriceChange(unitPriceMinor: 1990, customerGroup: nil))
        #expect(
            try PriceChange.parse(Data(#"{"unitPriceMinor": 0, "customerGroup": "gold"}"#.utf8))
                == PriceChange(unitPriceMinor: 0, customerGroup: "gold")
        )
    }

    @Test func parse_malformedJSON_is400WithoutAField() {
        let problem = problem("{unitPriceMinor")
        #expect(problem?.status.code == 400)
        #expect(problem?.invalidParams.isEmpty == true)
    }

    @Test(arguments: [
        (#"{}"#, "unitPriceMinor"),
        (#"{"unitPriceMinor": "12"}"#, "unitPriceMinor"),
        (#"{"unitPriceMinor": 12.5}"#, "unitPriceMinor"),
        (#"{"unitPriceMinor": -1}"#, "unitPriceMinor"),
        (#"{"unitPriceMinor": 100, "customerGroup": "Gold Members"}"#, "customerGroup"),
        (#"{"unitPriceMinor": 100, "customerGroup": 7}"#, "customerGroup"),
    ])
    func parse_invalidField_is422NamingTheField(body: String, field: String) {
        let problem = problem(body)
        #expect(problem?.status.code == 422)
        #expect(problem?.invalidParams.map(\.name) == [field])
    }
}
