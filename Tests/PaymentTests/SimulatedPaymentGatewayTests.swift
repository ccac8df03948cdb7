import Synchronization
import Testing

@testable import Payment

/// A clock whose sleeps return at once and are recorded.
final class RecordingClock: Clock, Sendable {
    typealias Instant = ContinuousClock.Instant
    private let sleeps = Mutex<[Duration]>([])
    var now: Instant { ContinuousClock.now }
    var minimumResolution: Duration { .zero }
    var sleepCount: Int { sleeps.withLock { $0.count } }

    func sleep(until deadline: Instant, tolerance: Duration?) async throws {
        sleeps.withLock { $0.append(deadline - ContinuousClock.now) }
    }
}

@Suite struct SimulatedPaymentGatewayTests {
    let request = ChargeRequest(idempotencyKey: "o-1", customerID: "c-1", amountMinor: 4980, currency: "EUR")

    @Test func sameIdempotencyKey_chargedTwice_takesMoneyOnceAndAnswersTheSame() async throws {
        let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))
        let first = try await gateway.charge(request)
        let second = try await gateway.charge(request)
        guard case .approved = first else { Issue.record("expected approval, got \(first)"); return }
        #expect(first == second)
        #expect(gateway.chargesTaken(idempotencyKey: "o-1") == 1)
    }

    @Test func declineCustomer_charged_isDeclinedAndTakesNothing() async throws {
        let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))
        var declined = request
        declined.customerID = "decline-42"
        #expect(try await gateway.charge(declined) == .declined(reason: "declined"))
        #expect(gateway.chargesTaken(idempotencyKey: "o-1") == 0)
    }

    @Test func latency_charging_sleepsOnTheInjectedClock() async throws {
        let clock = RecordingClock()
        let gateway = SimulatedPaymentGateway(latency: .milliseconds(5), policy: DeclinePolicy(rate: 0), clock: clock)
        _ = try await gateway.charge(request)
        #expect(clock.sleepCount == 1)
    }

    @Test func outage_charging_failsUnavailableWithoutDeciding_thenRecovers() async throws {
        let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))
        gateway.setUnavailable(true)
        await #expect(throws: GatewayError(.unavailable, "the simulated gateway is down")) { try await gateway.charge(request) }
        #expect(gateway.chargesTaken(idempotencyKey: "o-1") == 0)
        gateway.setUnavailable(false)
        _ = try await gateway.charge(request)
        #expect(gateway.chargesTaken(idempotencyKey: "o-1") == 1)
    }

    @Test func refund_sameKeyTwice_refundsOnce_andUnknownChargeFails() async throws {
        let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))
        guard case .approved(let paymentID) = try await gateway.charge(request) else { Issue.record("not approved"); return }
        try await gateway.refund(paymentID: paymentID, amountMinor: 4980, idempotencyKey: "refund-o-1")
        try await gateway.refund(paymentID: paymentID, amountMinor: 4980, idempotencyKey: "refund-o-1")
        #expect(gateway.refundsTaken(paymentID: paymentID) == 1)
        await #expect(throws: GatewayError.self) { try await gateway.refund(paymentID: "pay_nope", amountMinor: 1, idempotencyKey: "k") }
    }
}
