import CoreMetrics
import Prometheus

/// A swift-metrics aggregating recorder over a swift-prometheus value histogram that keeps exemplars.
final class ExemplarRecorderHandler: RecorderHandler, Sendable {
    /// The series (swift-prometheus stores and renders it).
    let histogram: ValueHistogram
    /// The family name and label bytes the series' reservoir is indexed by.
    let family: String
    let labels: [UInt8]
    private let reservoir: ExemplarReservoir
    private let sampler: ExemplarSampler
    private let bounds: [Double]

    init(
        histogram: ValueHistogram,
        family: String,
        labels: [UInt8],
        buckets: [Double],
        index: ExemplarIndex,
        sampler: ExemplarSampler
    ) {
        self.histogram = histogram
        self.family = family
        self.labels = labels
        self.reservoir = index.reservoir(family: family, labels: labels, bucketCount: buckets.count + 1)
        self.sampler = sampler
        self.bounds = buckets
    }

    func record(_ value: Int64) {
        record(Double(value))
    }

    func record(_ value: Double) {
        histogram.record(value)
        guard let exemplar = sampler.exemplar(value: value) else { return }
        reservoir.store(exemplar, inBucket: bounds.firstIndex { $0 >= value } ?? bounds.count)
    }
}
