import Foundation

/// What the order state machine reacts to: the saga events Order consumes, reduced to what the machine needs.
enum OrderInput: Hashable, Sendable {
    /// `checkout.order.created`.
    case orderCreated
    /// `inventory.reserved`.
    case inventoryReserved
    /// `inventory.reservation.failed` with its reason code.
    case reservationFailed(reason: String)
    /// `payment.completed`.
    case paymentCompleted
    /// `payment.failed` with its reason code.
    case paymentFailed(reason: String)
    /// `inventory.released` (the compensation finished).
    case inventoryReleased

    /// The event type, recorded in the order's history.
    var eventType: String {
        switch self {
        case .orderCreated: "checkout.order.created"
        case .inventoryReserved: "inventory.reserved"
        case .reservationFailed: "inventory.reservation.failed"
        case .paymentCompleted: "payment.completed"
        case .paymentFailed: "payment.failed"
        case .inventoryReleased: "inventory.released"
        }
    }
}
