import Foundation
import ServiceRuntime
import Testing

@testable import Checkout

@Suite struct CheckoutRequestTests {
    func parse(_ json: String, maximumItems: Int = 3) throws(ProblemDetails) -> CheckoutRequest {
        try CheckoutRequest.parse(Data(json.utf8), maximumItems: maximumItems, maximumQuantity: 100)
    }

    func rejection(_ json: String, maximumItems: Int = 3) -> ProblemDetails? {
        do {
            _ = try parse(json, maximumItems: maximumItems)
            return nil
        } catch {
            return error
        }
    }

    @Test func parse_validBody_returnsItemsAndDefaultGroup() throws {
        let request = try parse(#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":2}]}"#)
        #expect(request == CheckoutRequest(customerID: "c-1", customerGroup: "standard", items: [.init(productID: "sku-1001", quantity: 2)]))
    }

    @Test func parse_customerGroup_isKept() throws {
        let request = try parse(#"{"customerID":"c-1","customerGroup":"gold","items":[{"productID":"sku-1001","quantity":1}]}"#)
        #expect(request.customerGroup == "gold")
    }

    @Test func parse_malformedJSON_is400NamingTheBody() throws {
        let problem = try #require(rejection(#"{"customerID": "c-1", "items": [ "#))
        #expect(problem.status == .badRequest)
        #expect(problem.invalidParams.map(\.name) == ["body"])
    }

    @Test func parse_quantityOfWrongType_is400NamingTheField() throws {
        let problem = try #require(rejection(#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":"two"}]}"#))
        #expect(problem.status == .badRequest)
        #expect(problem.invalidParams.map(\.name) == ["items[0].quantity"])
    }

    @Test(arguments: [
        (#"{"customerID":"c-1"}"#, "items"),
        (#"{"customerID":"c-1","items":[]}"#, "items"),
        (#"{"items":[{"productID":"sku-1001","quantity":1}]}"#, "customerID"),
        (#"{"customerID":"","items":[{"productID":"sku-1001","quantity":1}]}"#, "customerID"),
        (#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":0}]}"#, "items[0].quantity"),
        (#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":-3}]}"#, "items[0].quantity"),
        (#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":101}]}"#, "items[0].quantity"),
        (#"{"customerID":"c-1","items":[{"productID":"sku-1001"}]}"#, "items[0].quantity"),
        (#"{"customerID":"c-1","items":[{"quantity":1}]}"#, "items[0].productID"),
        (#"{"customerID":"c-1","items":[{"productID":"a","quantity":1},{"productID":"a","quantity":1}]}"#, "items[1].productID"),
    ])
    func validate_invalidField_is422NamingIt(json: String, field: String) throws {
        let problem = try #require(rejection(json))
        #expect(problem.status == .unprocessableContent)
        #expect(problem.invalidParams.map(\.name) == [field])
    }

    @Test func validate_tooManyItems_is422NamingItems() throws {
        let items = (1...4).map { #"{"productID":"sku-\#($0)","quantity":1}"# }.joined(separator: ",")
        let problem = try #require(rejection(#"{"customerID":"c-1","items":[\#(items)]}"#))
        #expect(problem.status == .unprocessableContent)
        #expect(problem.invalidParams.map(\.name) == ["items"])
    }

    @Test func problem_encodesRFC9457Members() throws {
        let problem = ProblemDetails.invalid("items[0].quantity", "must be at least 1")
        let object = try #require(try JSONSerialization.jsonObject(with: JSONEncoder().encode(problem)) as? [String: Any])
        #expect(object["status"] as? Int == 422)
        #expect((object["type"] as? String)?.hasPrefix("https://") == true)
        #expect(object["title"] as? String != nil)
        #expect((object["detail"] as? String)?.contains("items[0].quantity") == true)
        let params = try #require(object["invalid-params"] as? [[String: String]])
        #expect(params == [["name": "items[0].quantity", "reason": "must be at least 1"]])
    }
}
