import CoreMetrics
import Foundation

/// The saga's metrics as Order records them:
/// `checkout.saga.steps` (`checkout_saga_steps_total{step}`) per event published,
/// `checkout.saga.compensations` (`checkout_saga_compensations_total{reason}`) per `inventory.release` issued,
/// Timer `checkout.saga.duration` (`checkout_saga_duration_seconds{outcome}`) from the order's creation to its end.
struct SagaMetrics: Sendable {
    let factory: any MetricsFactory

    func stepPublished(_ eventType: String) {
        Counter(label: "checkout.saga.steps", dimensions: [("step", eventType)], factory: factory).increment()
    }

    func compensationIssued(reason: String) {
        Counter(label: "checkout.saga.compensations", dimensions: [("reason", reason)], factory: factory).increment()
    }

    /// Records the saga's duration; `outcome` is `confirmed` or `failed`.
    func sagaEnded(outcome: String, after duration: TimeInterval) {
        Timer(label: "checkout.saga.duration", dimensions: [("outcome", outcome)], factory: factory)
            .recordNanoseconds(Int64(max(duration, 0) * 1_000_000_000))
    }
}
