/// Which charges the simulated gateway declines: customers whose id starts with `decline-` (like a
/// provider's test cards) always, others at `rate`, decided from the order id alone so a retry gets the
/// same answer in any process.
struct DeclinePolicy: Sendable, Hashable {
    /// The share of orders declined, 0.0 ... 1.0.
    var rate: Double

    /// True when the charge of `orderID` for `customerID` is declined.
    func declines(orderID: String, customerID: String) -> Bool {
        if customerID.hasPrefix("decline-") { return true }
        guard rate > 0 else { return false }
        return Double(Self.fnv1a(orderID) % 10_000) / 10_000 < rate
    }

    /// FNV-1a (64-bit) of `text`'s UTF-8: stable across processes, unlike `Hasher`.
    static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash &*= 0x0000_0100_0000_01b3
        }
        return hash
    }
}
