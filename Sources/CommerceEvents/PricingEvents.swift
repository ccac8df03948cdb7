public import Messaging

/// `price.updated` v1: a product's base price, a customer-group price or a price rule changed.
///
/// Key: `productID`. Consumers: caches of prices (Checkout's fallback price cache).
public struct PriceUpdated: Event, Hashable {
    public static let type = "price.updated"
    public static let version = 1
    public static let topic = type

    public var productID: String
    /// The customer group whose price changed; nil for the base price.
    public var customerGroup: String?
    public var unitPriceMinor: Int64
    public var currency: String

    public init(productID: String, customerGroup: String?, unitPriceMinor: Int64, currency: String) {
        self.productID = productID
        self.customerGroup = customerGroup
        self.unitPriceMinor = unitPriceMinor
        self.currency = currency
    }
}
