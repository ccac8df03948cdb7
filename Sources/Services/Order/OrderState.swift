/// Where an order is in the checkout saga: created -> reserved -> paid -> confirmed, or failed with a reason.
enum OrderState: Hashable, Sendable {
    /// `checkout.order.created` was seen; the stock is being reserved.
    case created
    /// Every item is reserved; the payment is being taken.
    case reserved
    /// The payment was taken (the machine moves on to `confirmed` in the same step).
    case paid
    /// The saga completed: reserved and paid.
    case confirmed
    /// The saga ended without an order; `reason` is the failed step's reason code.
    case failed(reason: String)

    /// The stored and reported status: `created`, `reserved`, `paid`, `confirmed` or `failed`.
    var status: String {
        switch self {
        case .created: "created"
        case .reserved: "reserved"
        case .paid: "paid"
        case .confirmed: "confirmed"
        case .failed: "failed"
        }
    }

    /// The failure reason, nil unless failed.
    var reason: String? {
        if case .failed(let reason) = self { return reason }
        return nil
    }

    /// True for `confirmed` and `failed`: the saga is over.
    var isTerminal: Bool {
        switch self {
        case .confirmed, .failed: true
        case .created, .reserved, .paid: false
        }
    }

    /// The state stored as `status` (+ `reason`); nil for an unknown status.
    init?(status: String, reason: String?) {
        switch status {
        case "created": self = .created
        case "reserved": self = .reserved
        case "paid": self = .paid
        case "confirmed": self = .confirmed
        case "failed": self = .failed(reason: reason ?? "unknown")
        default: return nil
        }
    }
}
