public import CoreMetrics
import Prometheus

extension PrometheusMetricsBackend: MetricsFactory {
    /// A counter named `<label>_total`.
    public func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler {
        counter(label: label, dimensions: dimensions)
    }

    /// A counter named `<label>_total` that takes fractional increments.
    public func makeFloatingPointCounter(label: String, dimensions: [(String, String)]) -> any FloatingPointCounterHandler {
        counter(label: label, dimensions: dimensions)
    }

    /// A gauge.
    public func makeMeter(label: String, dimensions: [(String, String)]) -> any MeterHandler {
        gauge(label: label, dimensions: dimensions)
    }

    /// A histogram (with exemplars) when `aggregate`, a gauge otherwise.
    public func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        guard aggregate else { return gauge(label: label, dimensions: dimensions) }
        let name = PrometheusName.metric(label)
        let labels = PrometheusLabels.sanitized(dimensions)
        let buckets =
            name.hasSuffix(PrometheusName.secondsSuffix)
            ? durationBuckets.map { Double($0.components.seconds) + Double($0.components.attoseconds) / 1e18 }
            : valueBuckets
        let histogram = registry.makeValueHistogram(descriptor: descriptor(name), labels: labels, buckets: buckets)
        guard let sampler else { return histogram }
        return ExemplarRecorderHandler(
            histogram: histogram,
            family: name,
            labels: PrometheusLabels.rendered(labels),
            buckets: buckets,
            index: exemplars,
            sampler: sampler
        )
    }

    /// A histogram (with exemplars) named `<label>_seconds`.
    public func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let name = PrometheusName.metric(label, suffix: PrometheusName.secondsSuffix)
        let labels = PrometheusLabels.sanitized(dimensions)
        let histogram = registry.makeDurationHistogram(descriptor: descriptor(name), labels: labels, buckets: durationBuckets)
        guard let sampler else { return histogram }
        return ExemplarTimerHandler(
            histogram: histogram,
            family: name,
            labels: PrometheusLabels.rendered(labels),
            buckets: durationBuckets,
            index: exemplars,
            sampler: sampler
        )
    }

    /// Removes the counter's series from the registry.
    public func destroyCounter(_ handler: any CounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    /// Removes the counter's series from the registry.
    public func destroyFloatingPointCounter(_ handler: any FloatingPointCounterHandler) {
        if let counter = handler as? Prometheus.Counter { registry.unregisterCounter(counter) }
    }

    /// Removes the gauge's series from the registry.
    public func destroyMeter(_ handler: any MeterHandler) {
        if let gauge = handler as? Prometheus.Gauge { registry.unregisterGauge(gauge) }
    }

    /// Removes the recorder's series (and its exemplars) from the registry.
    public func destroyRecorder(_ handler: any RecorderHandler) {
        switch handler {
        case let handler as ExemplarRecorderHandler:
            registry.unregisterValueHistogram(handler.histogram)
            exemplars.remove(family: handler.family, labels: handler.labels)
        case let histogram as ValueHistogram:
            registry.unregisterValueHistogram(histogram)
        case let gauge as Prometheus.Gauge:
            registry.unregisterGauge(gauge)
        default:
            break
        }
    }

    /// Removes the timer's series (and its exemplars) from the registry.
    public func destroyTimer(_ handler: any TimerHandler) {
        switch handler {
        case let handler as ExemplarTimerHandler:
            registry.unregisterDurationHistogram(handler.histogram)
            exemplars.remove(family: handler.family, labels: handler.labels)
        case let histogram as DurationHistogram:
            registry.unregisterDurationHistogram(histogram)
        default:
            break
        }
    }

    private func counter(label: String, dimensions: [(String, String)]) -> Prometheus.Counter {
        let name = PrometheusName.metric(label, suffix: PrometheusName.counterSuffix)
        return registry.makeCounter(descriptor: descriptor(name), labels: PrometheusLabels.sanitized(dimensions))
    }

    private func gauge(label: String, dimensions: [(String, String)]) -> Prometheus.Gauge {
        let name = PrometheusName.metric(label)
        return registry.makeGauge(descriptor: descriptor(name), labels: PrometheusLabels.sanitized(dimensions))
    }

    private func descriptor(_ name: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help[name])
    }
}
