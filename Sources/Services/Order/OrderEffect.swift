/// What a transition asks the saga to do, in the transaction that stores the new state.
enum OrderEffect: Hashable, Sendable {
    /// Publish `order.confirmed`.
    case publishConfirmed
    /// Publish `order.failed` with the reason.
    case publishFailed(reason: String)
    /// Publish `inventory.release` (the compensation), with why.
    case requestRelease(reason: String)
    /// Publish `notification.requested` (template `order_failed`) with the reason.
    case notifyCustomer(reason: String)
}
