/// The state machine's answer to one input.
enum OrderDecision: Hashable, Sendable {
    /// Enter each state of `through` in order (one history row each; the last is the new state) and run `effects`.
    case advance(through: [OrderState], effects: [OrderEffect])
    /// Record the event in the history without changing the state (`inventory.released` after a compensation).
    case note
    /// No change: the event is a duplicate, or the order has moved past it.
    case ignore(OrderIgnoreReason)
    /// The event arrived before the one that causes it: retry later (a transient consumer error).
    case retryLater
}

/// Why an input changed nothing.
enum OrderIgnoreReason: String, Hashable, Sendable {
    /// The order already reflects this event.
    case duplicate
    /// The event does not fit the order's history (late, or contradicting a decision already taken).
    case outOfSequence = "out_of_sequence"
}
