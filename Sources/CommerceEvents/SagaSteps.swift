public import CoreMetrics

/// `checkout.saga.steps` (Prometheus `checkout_saga_steps_total{step}`): the saga events a service published,
/// counted once their transaction committed. The counters of the steps the service names are built once; another
/// step name gets a counter made on the spot.
///
/// ```swift
/// let steps = SagaSteps(factory: runtime.metricsFactory, steps: [PaymentCompleted.type, PaymentFailed.type])
/// steps.record(PaymentCompleted.type)
/// ```
public struct SagaSteps: Sendable {
    /// The metric's name.
    public static let name = "checkout.saga.steps"

    let factory: any MetricsFactory
    private let counters: [String: Counter]

    /// Counters for `steps` (event types), made on `factory`.
    public init(factory: any MetricsFactory, steps: [String]) {
        self.factory = factory
        counters = Dictionary(uniqueKeysWithValues: steps.map { ($0, Counter(label: Self.name, dimensions: [("step", $0)], factory: factory)) })
    }

    /// Counts one published `step`.
    public func record(_ step: String) {
        (counters[step] ?? Counter(label: Self.name, dimensions: [("step", step)], factory: factory)).increment()
    }
}
