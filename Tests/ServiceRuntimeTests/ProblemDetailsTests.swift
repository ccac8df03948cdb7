import Foundation
import ServiceRuntime
import Testing

@Suite struct ProblemDetailsTests {
    struct Item: Decodable { var quantity: Int }
    struct Body: Decodable { var items: [Item] }

    func problem(decoding json: String) throws -> ProblemDetails {
        do {
            _ = try JSONDecoder().decode(Body.self, from: Data(json.utf8))
        } catch let error as DecodingError {
            return ProblemDetails(decoding: error)
        }
        Issue.record("decoded \(json)")
        return ProblemDetails(.ok, detail: "")
    }

    @Test func encode_withAField_isRFC9457WithInvalidParams() throws {
        let problem = ProblemDetails(.unprocessableContent, detail: "must be at least 1", field: "items[0].quantity")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(problem)) as? [String: Any])
        #expect(object["type"] as? String == "about:blank")
        #expect(object["title"] as? String == "Unprocessable Content")
        #expect(object["status"] as? Int == 422)
        #expect(object["detail"] as? String == "must be at least 1")
        #expect((object["invalid-params"] as? [[String: String]]) == [["name": "items[0].quantity", "reason": "must be at least 1"]])
    }

    @Test func encode_withoutAField_hasNoInvalidParams() throws {
        let object = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ProblemDetails(.badRequest, detail: "x"))) as? [String: Any]
        #expect(object?["invalid-params"] == nil)
    }

    @Test func decodingError_namesTheFieldByItsPath_orIsMalformedJSON() throws {
        #expect(try problem(decoding: #"{"items":[{"quantity":"two"}]}"#).invalidParams.map(\.name) == ["items[0].quantity"])
        #expect(try problem(decoding: #"{"items":[{}]}"#).invalidParams.map(\.name) == ["items[0].quantity"])
        #expect(try problem(decoding: #"{"items":[{}]}"#).status == .unprocessableContent)
        let malformed = try problem(decoding: "{items")
        #expect(malformed.status == .badRequest)
        #expect(malformed.invalidParams.isEmpty)
    }
}
