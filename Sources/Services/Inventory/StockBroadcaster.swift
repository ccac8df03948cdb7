import Synchronization

/// Pushes committed stock-level changes to WatchStock subscribers, in process.
///
/// Publishing never waits for a subscriber: each subscription keeps at most the latest level per
/// product it watches (a slow watcher skips intermediate levels, "drop to latest"), so its buffer is
/// bounded by the number of products. Levels carry a per-product version: an older level than one
/// already published (a late aftermath of a concurrent transaction) is dropped.
final class StockBroadcaster: Sendable {
    private struct State {
        var subscriptions: [Int: StockSubscription] = [:]
        var nextID = 0
        var versions: [String: Int64] = [:]
        var isShutDown = false
    }

    private let state = Mutex(State())
    /// The most subscriptions at once (each holds at most one level per product).
    let maximumSubscriptions: Int

    init(maximumSubscriptions: Int = 1_024) {
        self.maximumSubscriptions = maximumSubscriptions
    }

    /// The number of live subscriptions.
    var subscriberCount: Int { state.withLock { $0.subscriptions.count } }

    /// A subscription to `productIDs` (every product when empty); finished at once after shutdown;
    /// nil when ``maximumSubscriptions`` are live.
    func subscribe(productIDs: Set<String>) -> StockSubscription? {
        state.withLock { state in
            guard state.subscriptions.count < maximumSubscriptions else { return nil }
            let subscription = StockSubscription(id: state.nextID, productIDs: productIDs)
            state.nextID += 1
            if state.isShutDown {
                subscription.finish()
            } else {
                state.subscriptions[subscription.id] = subscription
            }
            return subscription
        }
    }

    /// Ends and forgets `subscription`.
    func unsubscribe(_ subscription: StockSubscription) {
        subscription.finish()
        _ = state.withLock { $0.subscriptions.removeValue(forKey: subscription.id) }
    }

    /// Offers committed levels to the matching subscriptions (older versions than already seen are dropped).
    func publish(_ levels: [StockLevel]) {
        guard !levels.isEmpty else { return }
        state.withLock { state in
            for level in levels {
                if let seen = state.versions[level.productID], seen >= level.version { continue }
                state.versions[level.productID] = level.version
                for subscription in state.subscriptions.values where subscription.watches(level.productID) {
                    subscription.offer(level)
                }
            }
        }
    }

    /// Finishes every subscription and refuses new ones (at shutdown).
    func shutdown() {
        let subscriptions = state.withLock { state in
            state.isShutDown = true
            defer { state.subscriptions.removeAll() }
            return Array(state.subscriptions.values)
        }
        for subscription in subscriptions { subscription.finish() }
    }
}
