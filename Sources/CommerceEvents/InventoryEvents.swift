public import Messaging

/// `inventory.reserved` v1: every item of the order is reserved. Carries the amount on to Payment.
///
/// Key: `orderID`. Consumers: Payment (charge), Order (created -> reserved).
public struct InventoryReserved: Event, Hashable {
    public static let type = "inventory.reserved"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    public var customerID: String
    public var items: [LineItem]
    /// The amount to charge, in minor units (from `checkout.order.created`).
    public var totalMinor: Int64
    public var currency: String

    public init(orderID: String, customerID: String, items: [LineItem], totalMinor: Int64, currency: String) {
        self.orderID = orderID
        self.customerID = customerID
        self.items = items
        self.totalMinor = totalMinor
        self.currency = currency
    }
}

/// `inventory.reservation.failed` v1: the order could not be reserved; nothing was reserved.
///
/// Key: `orderID`. Consumer: Order (-> failed).
public struct InventoryReservationFailed: Event, Hashable {
    public static let type = "inventory.reservation.failed"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    /// A reason code: `insufficient_stock` or `unknown_product`.
    public var reason: String
    /// The products that could not be reserved.
    public var productIDs: [String]

    public init(orderID: String, reason: String, productIDs: [String]) {
        self.orderID = orderID
        self.reason = reason
        self.productIDs = productIDs
    }
}

/// `inventory.release` v1: a command to release the order's reservation (saga compensation).
///
/// Key: `orderID`. Published by Order when the payment failed. Consumer: Inventory.
public struct InventoryRelease: Event, Hashable {
    public static let type = "inventory.release"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    /// Why, e.g. `payment_declined`.
    public var reason: String

    public init(orderID: String, reason: String) {
        self.orderID = orderID
        self.reason = reason
    }
}

/// `inventory.released` v1: the order's reservation is released and its stock available again.
///
/// Key: `orderID`. Consumer: Order (records the compensation in the order's history).
public struct InventoryReleased: Event, Hashable {
    public static let type = "inventory.released"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    public var items: [LineItem]

    public init(orderID: String, items: [LineItem]) {
        self.orderID = orderID
        self.items = items
    }
}
