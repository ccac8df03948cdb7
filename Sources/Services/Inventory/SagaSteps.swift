import CoreMetrics

/// `checkout.saga.steps` (Prometheus `checkout_saga_steps_total{step}`): saga events this service
/// published, counted once their transaction committed.
struct SagaSteps: Sendable {
    static let name = "checkout.saga.steps"

    let factory: any MetricsFactory

    func record(_ step: String) {
        Counter(label: Self.name, dimensions: [("step", step)], factory: factory).increment()
    }
}
