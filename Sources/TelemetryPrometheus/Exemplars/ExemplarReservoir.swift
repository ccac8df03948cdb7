import Synchronization

/// The latest exemplar of each bucket of one histogram series (the `+Inf` bucket last).
final class ExemplarReservoir: Sendable {
    private let slots: Mutex<[Exemplar?]>

    /// Creates a reservoir for a series with `bucketCount` buckets, `+Inf` included.
    init(bucketCount: Int) {
        slots = Mutex(Array(repeating: nil, count: bucketCount))
    }

    /// Keeps `exemplar` as the latest of bucket `index`.
    func store(_ exemplar: Exemplar, inBucket index: Int) {
        slots.withLock { slots in
            if slots.indices.contains(index) { slots[index] = exemplar }
        }
    }

    /// The current exemplars, by bucket.
    func snapshot() -> [Exemplar?] {
        slots.withLock { $0 }
    }
}
