public import Messaging

/// `order.confirmed` v1: the saga completed; the order is reserved and paid.
///
/// Key: `orderID`. The end of a successful saga (the load generator measures checkout-to-confirmed on it).
public struct OrderConfirmed: Event, Hashable {
    public static let type = "order.confirmed"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    public var customerID: String
    public var totalMinor: Int64
    public var currency: String

    public init(orderID: String, customerID: String, totalMinor: Int64, currency: String) {
        self.orderID = orderID
        self.customerID = customerID
        self.totalMinor = totalMinor
        self.currency = currency
    }
}

/// `order.failed` v1: the saga ended without an order; any reservation is being released.
///
/// Key: `orderID`. The end of a failed saga.
public struct OrderFailed: Event, Hashable {
    public static let type = "order.failed"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    public var customerID: String
    /// The reason code of the step that failed: `insufficient_stock`, `unknown_product`, `declined`, ...
    public var reason: String

    public init(orderID: String, customerID: String, reason: String) {
        self.orderID = orderID
        self.customerID = customerID
        self.reason = reason
    }
}

/// `notification.requested` v1: tell the customer something about their order (published by Order when
/// an order fails; a Notification service would deliver it).
///
/// Key: `customerID`.
public struct NotificationRequested: Event, Hashable {
    public static let type = "notification.requested"
    public static let version = 1
    public static let topic = type

    public var customerID: String
    public var orderID: String
    /// The message template, e.g. `order_failed`.
    public var template: String
    /// Template parameters, e.g. `["reason": "declined"]`.
    public var parameters: [String: String]

    public init(customerID: String, orderID: String, template: String, parameters: [String: String]) {
        self.customerID = customerID
        self.orderID = orderID
        self.template = template
        self.parameters = parameters
    }
}
