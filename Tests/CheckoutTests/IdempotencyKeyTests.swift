import Foundation
import Hummingbird
import Testing

@testable import Checkout

@Suite struct IdempotencyKeyTests {
    @Test func orderID_sameCustomerAndKey_sameVersion5UUID() {
        let id = IdempotencyKey("k-1").orderID(customerID: "c-1")
        #expect(id == IdempotencyKey("k-1").orderID(customerID: "c-1"))
        #expect(UUID(uuidString: id) != nil && id == id.lowercased())
        #expect(Array(id)[14] == "5")
    }

    @Test func orderID_otherCustomerOrKey_differs() {
        let id = IdempotencyKey("k-1").orderID(customerID: "c-1")
        #expect(IdempotencyKey("k-1").orderID(customerID: "c-2") != id)
        #expect(IdempotencyKey("k-2").orderID(customerID: "c-1") != id)
    }

    @Test func init_noHeader_nil() throws {
        #expect(try IdempotencyKey(HTTPFields()) == nil)
    }

    @Test(arguments: ["", "with space", String(repeating: "k", count: 256), "caf\u{E9}"])
    func init_invalidValue_throws(value: String) {
        #expect(throws: (any Error).self) { _ = try IdempotencyKey([IdempotencyKey.headerName: value]) }
    }
}
