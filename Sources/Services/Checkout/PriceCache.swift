import CommerceEvents
import Messaging
import Synchronization

/// Recent unit prices by customer group and product, from Pricing's answers (a `price.updated` event
/// invalidates a product's entries): what stands in for Pricing while it is unavailable (breaker open or failing), for at most `ttl`.
final class PriceCache: Sendable {
    struct Price: Sendable, Equatable {
        var unitPriceMinor: Int64
        var currency: String
    }

    struct Entry {
        var price: Price
        var storedAt: ContinuousClock.Instant
    }

    /// The entries indexed by product id, then customer group, so a `price.updated` drops a product's
    /// entries without scanning the others; `count` is the number of entries across products.
    struct Entries {
        var byProduct: [String: [String: Entry]] = [:]
        var count = 0
    }

    let ttl: Duration
    let capacity: Int
    let entries = Mutex<Entries>(Entries())

    init(ttl: Duration, capacity: Int = 100_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// Remembers `prices` (by product id) for `group`.
    func store(_ prices: [String: Price], group: String, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count + prices.count > capacity { entries = Entries() }
            for (productID, price) in prices {
                let previous = entries.byProduct[productID, default: [:]].updateValue(Entry(price: price, storedAt: now), forKey: group)
                if previous == nil { entries.count += 1 }
            }
        }
    }

    /// The prices of every one of `productIDs` for `group`, or nil when one is missing or older than `ttl`.
    func prices(for productIDs: [String], group: String, now: ContinuousClock.Instant = .now) -> [String: Price]? {
        entries.withLock { entries in
            var found: [String: Price] = [:]
            for productID in productIDs {
                guard let entry = entries.byProduct[productID]?[group], entry.storedAt.duration(to: now) <= ttl else { return nil }
                found[productID] = entry.price
            }
            return found
        }
    }

    /// Applies a `price.updated` by dropping every group's entry for the product: the event carries the
    /// stored (group or base) price, not what Pricing answers after its rules (e.g. gold's 10% off), so
    /// the next quote asks Pricing again. Applying the same event twice leaves the same state.
    func apply(_ event: PriceUpdated) {
        entries.withLock { entries in
            if let removed = entries.byProduct.removeValue(forKey: event.productID) { entries.count -= removed.count }
        }
    }

    /// The consumer group (and inbox name) of one replica's `price.updated` consumer: one group per
    /// instance, so every replica sees every partition's events (a shared group would split them and
    /// leave each replica's cache stale for the others' partitions).
    static func consumerGroup(instanceID: String) -> String { "checkout-price-cache-" + instanceID }

    /// The handlers that keep the cache current from `price.updated`.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(PriceUpdated.self) { [self] envelope, _ in apply(envelope.data) }
        return handlers
    }
}
