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

    /// What a parked input stores besides its type: the reason code, or "".
    var payload: String {
        switch self {
        case .reservationFailed(let reason), .paymentFailed(let reason): reason
        case .orderCreated, .inventoryReserved, .paymentCompleted, .inventoryReleased: ""
        }
    }

    /// The input stored as `eventType` + `payload` (see ``payload``); nil for an unknown type.
    init?(eventType: String, payload: String) {
        switch eventType {
        case "checkout.order.created": self = .orderCreated
        case "inventory.reserved": self = .inventoryReserved
        case "inventory.reservation.failed": self = .reservationFailed(reason: payload)
        case "payment.completed": self = .paymentCompleted
        case "payment.failed": self = .paymentFailed(reason: payload)
        case "inventory.released": self = .inventoryReleased
        default: return nil
        }
    }
}
