/// A percentage discount for a customer group, on one product or (`productID` nil) on all.
struct PriceRule: Sendable, Equatable {
    var id: String
    var productID: String?
    /// 0...100.
    var percentOff: Int64

    /// Whether the rule applies to `productID`.
    func applies(to productID: String) -> Bool {
        self.productID == nil || self.productID == productID
    }

    /// `price` less the discount, rounded half up to the minor unit.
    func apply(to price: Int64) -> Int64 {
        (price * (100 - percentOff) + 50) / 100
    }

    /// The rule giving the lowest price among `rules` applying to `productID` (the first of equals).
    static func best(of rules: [PriceRule], for productID: String) -> PriceRule? {
        rules.filter { $0.applies(to: productID) }.max { $0.percentOff < $1.percentOff }
    }
}
