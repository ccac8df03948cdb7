import CommerceEvents
import CoreMetrics
import Foundation

/// The saga's metrics as Order records them:
/// `checkout.saga.steps` (`checkout_saga_steps_total{step}`) per event published,
/// `checkout.saga.compensations` (`checkout_saga_compensations_total{reason}`) per `inventory.release` issued,
/// Timer `checkout.saga.duration` (`checkout_saga_duration_seconds{outcome}`) from the order's creation to its end.
/// The handles of the fixed label values (Order's steps, the outcomes, the known compensation reasons) are
/// built once; another value gets a handle made on the spot.
struct SagaMetrics: Sendable {
    /// The steps Order publishes.
    static let steps = [OrderConfirmed.type, OrderFailed.type, InventoryRelease.type, NotificationRequested.type]
    /// The saga's outcomes.
    static let outcomes = ["confirmed", "failed"]
    /// The compensation reasons known in advance (`payment_` + the `payment.failed` reason).
    static let compensationReasons = ["payment_declined", "payment_gateway_unavailable"]

    let factory: any MetricsFactory
    private let stepCounters: [String: Counter]
    private let compensationCounters: [String: Counter]
    private let durationTimers: [String: CoreMetrics.Timer]

    init(factory: any MetricsFactory) {
        self.factory = factory
        stepCounters = Dictionary(uniqueKeysWithValues: Self.steps.map { ($0, Self.stepCounter($0, factory)) })
        compensationCounters = Dictionary(uniqueKeysWithValues: Self.compensationReasons.map { ($0, Self.compensationCounter($0, factory)) })
        durationTimers = Dictionary(uniqueKeysWithValues: Self.outcomes.map { ($0, Self.durationTimer($0, factory)) })
    }

    func stepPublished(_ eventType: String) {
        (stepCounters[eventType] ?? Self.stepCounter(eventType, factory)).increment()
    }

    func compensationIssued(reason: String) {
        (compensationCounters[reason] ?? Self.compensationCounter(reason, factory)).increment()
    }

    /// Records the saga's duration; `outcome` is `confirmed` or `failed`.
    func sagaEnded(outcome: String, after duration: TimeInterval) {
        (durationTimers[outcome] ?? Self.durationTimer(outcome, factory)).recordNanoseconds(Int64(max(duration, 0) * 1_000_000_000))
    }

    private static func stepCounter(_ step: String, _ factory: any MetricsFactory) -> Counter {
        Counter(label: "checkout.saga.steps", dimensions: [("step", step)], factory: factory)
    }

    private static func compensationCounter(_ reason: String, _ factory: any MetricsFactory) -> Counter {
        Counter(label: "checkout.saga.compensations", dimensions: [("reason", reason)], factory: factory)
    }

    private static func durationTimer(_ outcome: String, _ factory: any MetricsFactory) -> CoreMetrics.Timer {
        Timer(label: "checkout.saga.duration", dimensions: [("outcome", outcome)], factory: factory)
    }
}
