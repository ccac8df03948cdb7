import Foundation
import Synchronization

/// An in-process stand-in for a payment provider: a configurable latency (slept on an injected clock),
/// deterministic declines (``DeclinePolicy``) and an outage switch.
///
/// Every answer is a pure function of the request: the payment id is `"pay_" + hex(FNV-1a(idempotencyKey))`
/// and the decline is the policy's, so a repeated charge - even from a restarted Payment process (killed
/// between the charge and its commit) - gets the first answer. Refunds are validated by the payment id's
/// shape. The only memory is a bounded record of recent keys (``capacity`` each), which lets tests observe
/// that money moved once; it never grows with the number of orders.
final class SimulatedPaymentGateway: PaymentGateway {
    private struct Ledger {
        var charged: RecentKeys
        var refundKeys: RecentKeys
        var refundedPayments: RecentKeys
        var unavailable = false
    }

    /// A set of at most `capacity` keys; the oldest is forgotten first.
    private struct RecentKeys {
        let capacity: Int
        private var members: Set<String> = []
        private var ring: [String] = []
        private var next = 0

        init(capacity: Int) { self.capacity = max(capacity, 1) }

        func contains(_ key: String) -> Bool { members.contains(key) }

        /// Adds `key`; false when it was already there.
        mutating func insert(_ key: String) -> Bool {
            guard !members.contains(key) else { return false }
            if ring.count < capacity {
                ring.append(key)
            } else {
                members.remove(ring[next])
                ring[next] = key
                next = (next + 1) % capacity
            }
            members.insert(key)
            return true
        }
    }

    /// How many recent keys each in-memory record keeps.
    let capacity: Int
    private let latency: Duration
    private let policy: DeclinePolicy
    private let clock: any Clock<Duration>
    private let ledger: Mutex<Ledger>

    /// A gateway answering after `latency` on `clock`, declining per `policy`, remembering at most `capacity` recent keys.
    init(latency: Duration, policy: DeclinePolicy, clock: any Clock<Duration> = ContinuousClock(), capacity: Int = 10_000) {
        self.latency = latency
        self.policy = policy
        self.clock = clock
        self.capacity = capacity
        ledger = Mutex(Ledger(charged: RecentKeys(capacity: capacity), refundKeys: RecentKeys(capacity: capacity), refundedPayments: RecentKeys(capacity: capacity)))
    }

    /// The payment id of a charge under `idempotencyKey`: `"pay_"` + 16 hex digits of FNV-1a.
    static func paymentID(idempotencyKey: String) -> String {
        let hex = String(DeclinePolicy.fnv1a(idempotencyKey), radix: 16)
        return "pay_" + String(repeating: "0", count: 16 - hex.count) + hex
    }

    func charge(_ request: ChargeRequest) async throws(GatewayError) -> ChargeResult {
        try await roundTrip()
        return try ledger.withLock { ledger throws(GatewayError) in
            if ledger.unavailable { throw GatewayError(.unavailable, "the simulated gateway is down") }
            if policy.declines(orderID: request.idempotencyKey, customerID: request.customerID) { return .declined(reason: "declined") }
            _ = ledger.charged.insert(request.idempotencyKey)
            return .approved(paymentID: Self.paymentID(idempotencyKey: request.idempotencyKey))
        }
    }

    func refund(paymentID: String, amountMinor: Int64, idempotencyKey: String) async throws(GatewayError) {
        try await roundTrip()
        try ledger.withLock { ledger throws(GatewayError) in
            if ledger.unavailable { throw GatewayError(.unavailable, "the simulated gateway is down") }
            guard Self.isPaymentID(paymentID) else { throw GatewayError(.unknownCharge, "no charge \(paymentID)") }
            if ledger.refundKeys.insert(idempotencyKey) { _ = ledger.refundedPayments.insert(paymentID) }
        }
    }

    /// Makes every call fail with `unavailable` (true) or answer again (false): a provider outage.
    func setUnavailable(_ unavailable: Bool) {
        ledger.withLock { $0.unavailable = unavailable }
    }

    /// How many times money was taken under `idempotencyKey` (0 or 1; among the recent ``capacity`` keys).
    func chargesTaken(idempotencyKey: String) -> Int {
        ledger.withLock { $0.charged.contains(idempotencyKey) ? 1 : 0 }
    }

    /// How many refunds of `paymentID` moved money (0 or 1; among the recent ``capacity`` payments).
    func refundsTaken(paymentID: String) -> Int {
        ledger.withLock { $0.refundedPayments.contains(paymentID) ? 1 : 0 }
    }

    private static func isPaymentID(_ text: String) -> Bool {
        guard text.hasPrefix("pay_") else { return false }
        let digits = text.dropFirst(4)
        return digits.count == 16 && digits.allSatisfy { $0.isHexDigit && !$0.isUppercase }
    }

    private func roundTrip() async throws(GatewayError) {
        guard latency > .zero else { return }
        do { try await clock.sleep(for: latency) } catch { throw GatewayError(.unavailable, "cancelled while waiting for the gateway") }
    }
}
