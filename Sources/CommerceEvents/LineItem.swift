/// One line of an order: a product, how many, and the unit price Pricing quoted at checkout.
public struct LineItem: Codable, Sendable, Hashable {
    /// The product's id.
    public var productID: String
    /// How many, at least 1.
    public var quantity: Int
    /// The unit price in minor units (cents) of `currency`.
    public var unitPriceMinor: Int64

    public init(productID: String, quantity: Int, unitPriceMinor: Int64) {
        self.productID = productID
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
    }
}
