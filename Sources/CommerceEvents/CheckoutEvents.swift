public import Messaging

/// `checkout.order.created` v1, published by Checkout through its outbox when a checkout is accepted.
/// Starts the saga: Inventory reserves the items, Order records the order.
///
/// Key: `orderID`. Consumers: Inventory (reserve), Order (create).
public struct OrderCreated: Event, Hashable {
    public static let type = "checkout.order.created"
    public static let version = 1
    public static let topic = type

    /// The order (and saga) id, a lower-case UUID.
    public var orderID: String
    public var customerID: String
    /// The customer's pricing group, e.g. "standard".
    public var customerGroup: String
    /// At least one item; product ids distinct.
    public var items: [LineItem]
    /// Sum of quantity × unit price, in minor units.
    public var totalMinor: Int64
    /// ISO 4217 code.
    public var currency: String

    public init(orderID: String, customerID: String, customerGroup: String, items: [LineItem], totalMinor: Int64, currency: String) {
        self.orderID = orderID
        self.customerID = customerID
        self.customerGroup = customerGroup
        self.items = items
        self.totalMinor = totalMinor
        self.currency = currency
    }
}
