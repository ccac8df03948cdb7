import Synchronization

/// Scratch memory kept between scrapes, so a scrape neither grows its buffers byte by byte nor
/// faults in fresh pages for the intermediate Prometheus text.
///
/// Concurrent scrapes stay correct: one takes the scratch buffer, the others start from an empty one.
final class ExpositionBuffers: Sendable {
    private let text = Mutex<[UInt8]>([])
    private let lastOpenMetricsCount = Atomic<Int>(0)

    /// An empty buffer for the Prometheus text, with the capacity the previous scrape needed.
    func takeText() -> [UInt8] {
        var taken = text.withLock { buffer in
            var taken: [UInt8] = []
            swap(&taken, &buffer)
            return taken
        }
        taken.removeAll(keepingCapacity: true)
        return taken
    }

    /// Keeps `buffer`'s memory for the next scrape.
    func returnText(_ buffer: consuming [UInt8]) {
        text.withLock { $0 = buffer }
    }

    /// The size of the previous OpenMetrics exposition, or 0.
    var openMetricsCount: Int {
        get { lastOpenMetricsCount.load(ordering: .relaxed) }
        set { lastOpenMetricsCount.store(newValue, ordering: .relaxed) }
    }
}
