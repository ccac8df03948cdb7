import Testing

@testable import Payment

@Suite struct DeclinePolicyTests {
    @Test func declineCustomer_anyRate_isAlwaysDeclined() {
        #expect(DeclinePolicy(rate: 0).declines(orderID: "o-1", customerID: "decline-1"))
        #expect(!DeclinePolicy(rate: 0).declines(orderID: "o-1", customerID: "c-1"))
        #expect(DeclinePolicy(rate: 1).declines(orderID: "o-1", customerID: "c-1"))
    }

    @Test func sameOrder_askedAgain_getsTheSameAnswer() {
        let policy = DeclinePolicy(rate: 0.5)
        for index in 0..<200 {
            let id = "order-\(index)"
            #expect(policy.declines(orderID: id, customerID: "c") == DeclinePolicy(rate: 0.5).declines(orderID: id, customerID: "c"))
        }
    }

    @Test func rate_overManyOrders_declinesAboutThatShare() {
        let declined = (0..<10_000).filter { DeclinePolicy(rate: 0.3).declines(orderID: "order-\($0)", customerID: "c") }.count
        #expect((2_700...3_300).contains(declined), "\(declined) of 10000")
    }

    @Test func fnv1a_knownVector_matches() {
        #expect(DeclinePolicy.fnv1a("") == 0xcbf2_9ce4_8422_2325)
        #expect(DeclinePolicy.fnv1a("a") == 0xaf63_dc4c_8601_ec8c)
    }
}
