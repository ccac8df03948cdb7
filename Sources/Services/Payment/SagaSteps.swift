import CommerceEvents
import CoreMetrics

/// `checkout.saga.steps` (Prometheus `checkout_saga_steps_total{step}`): saga events Payment published,
/// counted once their transaction committed. The counters of the steps Payment publishes are built once;
/// another step name gets a counter made on the spot.
struct SagaSteps: Sendable {
    static let name = "checkout.saga.steps"
    /// The steps Payment publishes.
    static let steps = [PaymentCompleted.type, PaymentFailed.type, PaymentRefunded.type]

    let factory: any MetricsFactory
    private let counters: [String: Counter]

    init(factory: any MetricsFactory) {
        self.factory = factory
        counters = Dictionary(uniqueKeysWithValues: Self.steps.map { ($0, Counter(label: Self.name, dimensions: [("step", $0)], factory: factory)) })
    }

    func record(_ step: String) {
        (counters[step] ?? Counter(label: Self.name, dimensions: [("step", step)], factory: factory)).increment()
    }
}
