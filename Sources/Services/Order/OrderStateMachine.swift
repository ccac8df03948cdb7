/// The order lifecycle as a pure function: `(state, input) -> decision`.
///
/// ```
/// (none)   --checkout.order.created-->  created
/// created  --inventory.reserved-->      reserved
/// created  --inventory.reservation.failed(r)--> failed(r)   + order.failed, notification.requested
/// reserved --payment.completed-->       paid -> confirmed   + order.confirmed
/// reserved --payment.failed(r)-->       failed(r)           + inventory.release, order.failed, notification.requested
/// failed   --inventory.released-->      (history only)
/// ```
///
/// Out-of-order delivery: events of one order travel on different topics, so Order may see an event before
/// the one that caused it (`inventory.reserved` before `checkout.order.created`, `payment.*` before
/// `inventory.reserved`). The machine answers ``OrderDecision/retryLater`` for those: the consumer throws a
/// transient error and Kafka redelivers the event after a backoff, by when its predecessor has been applied.
/// Only `checkout.order.created` creates an order (it alone carries the whole order). Duplicates and events
/// that the order has moved past are ignored; contradictory events (e.g. `payment.failed` after confirmed)
/// are ignored too, because the first decision stands.
enum OrderStateMachine {
    /// The decision for `input` when the order is in `state` (nil: not known yet).
    static func decide(_ state: OrderState?, _ input: OrderInput) -> OrderDecision {
        guard let state else {
            return input == .orderCreated ? .advance(through: [.created], effects: []) : .retryLater
        }
        switch (state, input) {
        case (_, .orderCreated):
            return .ignore(.duplicate)

        case (.created, .inventoryReserved):
            return .advance(through: [.reserved], effects: [])
        case (.created, .reservationFailed(let reason)):
            return .advance(through: [.failed(reason: reason)], effects: [.publishFailed(reason: reason), .notifyCustomer(reason: reason)])
        case (.created, .paymentCompleted), (.created, .paymentFailed):
            return .retryLater
        case (.created, .inventoryReleased):
            return .ignore(.outOfSequence)

        case (.reserved, .paymentCompleted):
            return .advance(through: [.paid, .confirmed], effects: [.publishConfirmed])
        case (.reserved, .paymentFailed(let reason)):
            return .advance(
                through: [.failed(reason: reason)],
                effects: [.requestRelease(reason: "payment_\(reason)"), .publishFailed(reason: reason), .notifyCustomer(reason: reason)]
            )
        case (.reserved, .inventoryReserved):
            return .ignore(.duplicate)
        case (.reserved, .reservationFailed), (.reserved, .inventoryReleased):
            return .ignore(.outOfSequence)

        case (.paid, .paymentCompleted), (.confirmed, .paymentCompleted), (.paid, .inventoryReserved), (.confirmed, .inventoryReserved):
            return .ignore(.duplicate)
        case (.paid, _), (.confirmed, _):
            return .ignore(.outOfSequence)

        case (.failed, .inventoryReleased):
            return .note
        case (.failed, .reservationFailed), (.failed, .paymentFailed):
            return .ignore(.duplicate)
        case (.failed, .inventoryReserved), (.failed, .paymentCompleted):
            return .ignore(.outOfSequence)
        }
    }
}
