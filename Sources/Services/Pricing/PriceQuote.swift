/// The unit price a customer group pays for a product.
struct PriceQuote: Codable, Sendable, Equatable {
    var productID: String
    var customerGroup: String
    /// After the group price and the rule.
    var unitPriceMinor: Int64
    var currency: String
    /// The product's base price, before group price and rules.
    var basePriceMinor: Int64
    /// The rule applied, nil when none.
    var ruleID: String?
}
