public import Messaging

/// `payment.completed` v1: the order's amount was charged (exactly once, by idempotency key `orderID`).
///
/// Key: `orderID`. Consumer: Order (reserved -> paid -> confirmed).
public struct PaymentCompleted: Event, Hashable {
    public static let type = "payment.completed"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    public var paymentID: String
    public var amountMinor: Int64
    public var currency: String

    public init(orderID: String, paymentID: String, amountMinor: Int64, currency: String) {
        self.orderID = orderID
        self.paymentID = paymentID
        self.amountMinor = amountMinor
        self.currency = currency
    }
}

/// `payment.failed` v1: the charge was declined or the gateway failed for good; nothing was charged.
///
/// Key: `orderID`. Consumer: Order (-> failed, publishes `inventory.release`).
public struct PaymentFailed: Event, Hashable {
    public static let type = "payment.failed"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    /// A reason code: `declined` or `gateway_unavailable`.
    public var reason: String

    public init(orderID: String, reason: String) {
        self.orderID = orderID
        self.reason = reason
    }
}

/// `payment.refunded` v1: a completed payment was refunded.
///
/// Key: `orderID`.
public struct PaymentRefunded: Event, Hashable {
    public static let type = "payment.refunded"
    public static let version = 1
    public static let topic = type

    public var orderID: String
    public var paymentID: String
    public var amountMinor: Int64
    public var currency: String

    public init(orderID: String, paymentID: String, amountMinor: Int64, currency: String) {
        self.orderID = orderID
        self.paymentID = paymentID
        self.amountMinor = amountMinor
        self.currency = currency
    }
}
