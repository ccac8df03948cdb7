import Foundation
import Synchronization

/// An in-process stand-in for a payment provider: a configurable latency (slept on an injected clock),
/// deterministic declines (``DeclinePolicy``), an outage switch, and a ledger keyed by idempotency key so
/// a repeated charge returns the first result without charging again.
///
/// The ledger lives as long as the process, as a real provider's would outlive Payment's retries.
final class SimulatedPaymentGateway: PaymentGateway {
    private struct Ledger {
        var charges: [String: ChargeResult] = [:]
        var chargesTaken: [String: Int] = [:]
        var refunds: Set<String> = []
        var refundsTaken: [String: Int] = [:]
        var unavailable = false
    }

    private let latency: Duration
    private let policy: DeclinePolicy
    private let clock: any Clock<Duration>
    private let ledger = Mutex(Ledger())

    /// A gateway answering after `latency` on `clock`, declining per `policy`.
    init(latency: Duration, policy: DeclinePolicy, clock: any Clock<Duration> = ContinuousClock()) {
        self.latency = latency
        self.policy = policy
        self.clock = clock
    }

    func charge(_ request: ChargeRequest) async throws(GatewayError) -> ChargeResult {
        try await roundTrip()
        return try ledger.withLock { ledger throws(GatewayError) in
            if ledger.unavailable { throw GatewayError(.unavailable, "the simulated gateway is down") }
            if let first = ledger.charges[request.idempotencyKey] { return first }
            let result: ChargeResult =
                policy.declines(orderID: request.idempotencyKey, customerID: request.customerID)
                ? .declined(reason: "declined") : .approved(paymentID: "pay_" + UUID().uuidString.lowercased())
            ledger.charges[request.idempotencyKey] = result
            if case .approved = result { ledger.chargesTaken[request.idempotencyKey, default: 0] += 1 }
            return result
        }
    }

    func refund(paymentID: String, amountMinor: Int64, idempotencyKey: String) async throws(GatewayError) {
        try await roundTrip()
        try ledger.withLock { ledger throws(GatewayError) in
            if ledger.unavailable { throw GatewayError(.unavailable, "the simulated gateway is down") }
            guard ledger.charges.values.contains(.approved(paymentID: paymentID)) else {
                throw GatewayError(.unknownCharge, "no charge \(paymentID)")
            }
            if ledger.refunds.insert(idempotencyKey).inserted { ledger.refundsTaken[paymentID, default: 0] += 1 }
        }
    }

    /// Makes every call fail with `unavailable` (true) or answer again (false): a provider outage.
    func setUnavailable(_ unavailable: Bool) {
        ledger.withLock { $0.unavailable = unavailable }
    }

    /// How many times money was taken under `idempotencyKey` (0 or 1).
    func chargesTaken(idempotencyKey: String) -> Int {
        ledger.withLock { $0.chargesTaken[idempotencyKey] ?? 0 }
    }

    /// How many refunds of `paymentID` moved money (0 or 1).
    func refundsTaken(paymentID: String) -> Int {
        ledger.withLock { $0.refundsTaken[paymentID] ?? 0 }
    }

    private func roundTrip() async throws(GatewayError) {
        guard latency > .zero else { return }
        do { try await clock.sleep(for: latency) } catch { throw GatewayError(.unavailable, "cancelled while waiting for the gateway") }
    }
}
