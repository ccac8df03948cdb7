import CoreMetrics
import Prometheus

/// A swift-metrics timer over a swift-prometheus duration histogram that keeps exemplars.
final class ExemplarTimerHandler: TimerHandler, Sendable {
    /// The series (swift-prometheus stores and renders it).
    let histogram: DurationHistogram
    /// The family name and label bytes the series' reservoir is indexed by.
    let family: String
    let labels: [UInt8]
    private let reservoir: ExemplarReservoir
    private let sampler: ExemplarSampler
    /// Upper bounds in nanoseconds, compared as swift-prometheus compares them (`bound >= value`).
    private let bounds: [Int64]

    init(
        histogram: DurationHistogram,
        family: String,
        labels: [UInt8],
        buckets: [Duration],
        index: ExemplarIndex,
        sampler: ExemplarSampler
    ) {
        self.histogram = histogram
        self.family = family
        self.labels = labels
        self.reservoir = index.reservoir(family: family, labels: labels, bucketCount: buckets.count + 1)
        self.sampler = sampler
        self.bounds = buckets.map { bound in
            let (seconds, attoseconds) = bound.components
            let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            return overflow ? .max : nanoseconds.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
        }
    }

    func recordNanoseconds(_ duration: Int64) {
        histogram.recordNanoseconds(duration)
        guard let exemplar = sampler.exemplar(value: Double(duration) / 1e9) else { return }
        reservoir.store(exemplar, inBucket: bounds.firstIndex { $0 >= duration } ?? bounds.count)
    }
}
