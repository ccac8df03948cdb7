import Synchronization

/// One WatchStock subscriber's pending levels: the latest per product, delivered in batches.
final class StockSubscription: Sendable {
    let id: Int
    let productIDs: Set<String>

    private struct Pending {
        var levels: [String: StockLevel] = [:]
        var order: [String] = []
    }

    private let pending = Mutex(Pending())
    /// Wakes the reader; holds at most one wake-up (the pending levels themselves are in `pending`).
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    init(id: Int, productIDs: Set<String>) {
        self.id = id
        self.productIDs = productIDs
        let (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        wakeups = stream
        wake = continuation
    }

    func watches(_ productID: String) -> Bool {
        productIDs.isEmpty || productIDs.contains(productID)
    }

    /// Keeps `level` as the product's latest pending level and wakes the reader; never waits.
    func offer(_ level: StockLevel) {
        pending.withLock { pending in
            if pending.levels.updateValue(level, forKey: level.productID) == nil { pending.order.append(level.productID) }
        }
        wake.yield()
    }

    /// Ends the stream of batches (the reader sees nil once the pending levels are taken).
    func finish() {
        wake.finish()
    }

    /// The batches of pending levels, oldest product first; ends on ``finish()`` or when the reading
    /// task is cancelled.
    var batches: AsyncCompactMapSequence<AsyncStream<Void>, [StockLevel]> {
        wakeups.compactMap { [self] _ in
            let batch = take()
            return batch.isEmpty ? nil : batch
        }
    }

    /// Takes the pending levels.
    func take() -> [StockLevel] {
        pending.withLock { pending in
            defer { pending = Pending() }
            return pending.order.compactMap { pending.levels[$0] }
        }
    }
}
