import Testing

@testable import Pricing

@Suite struct PriceRuleTests {
    @Test func apply_tenPercent_roundsHalfUpToTheMinorUnit() {
        let rule = PriceRule(id: "r", productID: nil, percentOff: 10)
        #expect(rule.apply(to: 2490) == 2241)
        #expect(rule.apply(to: 3999) == 3599)  // 3599.1
        #expect(rule.apply(to: 5) == 5)  // 4.5 rounds up
    }

    @Test func best_productRuleAndGroupRule_picksTheLargestDiscountThatApplies() {
        let rules = [
            PriceRule(id: "all-10", productID: nil, percentOff: 10),
            PriceRule(id: "cups-25", productID: "sku-1003", percentOff: 25),
        ]
        #expect(PriceRule.best(of: rules, for: "sku-1003")?.id == "cups-25")
        #expect(PriceRule.best(of: rules, for: "sku-1001")?.id == "all-10")
        #expect(PriceRule.best(of: [], for: "sku-1001") == nil)
    }
}
