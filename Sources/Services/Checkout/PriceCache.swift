import CommerceEvents
import Messaging
import Synchronization

/// Recent unit prices by customer group and product, from Pricing's answers and its `price.updated`
/// events: what stands in for Pricing while it is unavailable (breaker open or failing), for at most `ttl`.
final class PriceCache: Sendable {
    struct Price: Sendable, Equatable {
        var unitPriceMinor: Int64
        var currency: String
    }

    struct Entry {
        var price: Price
        var storedAt: ContinuousClock.Instant
    }

    let ttl: Duration
    let capacity: Int
    let entries = Mutex<[String: Entry]>([:])

    init(ttl: Duration, capacity: Int = 100_000) {
        self.ttl = ttl
        self.capacity = capacity
    }

    /// Remembers `prices` (by product id) for `group`.
    func store(_ prices: [String: Price], group: String, now: ContinuousClock.Instant = .now) {
        entries.withLock { entries in
            if entries.count + prices.count > capacity { entries.removeAll(keepingCapacity: true) }
            for (productID, price) in prices { entries[Self.key(group, productID)] = Entry(price: price, storedAt: now) }
        }
    }

    /// The prices of every one of `productIDs` for `group`, or nil when one is missing or older than `ttl`.
    func prices(for productIDs: [String], group: String, now: ContinuousClock.Instant = .now) -> [String: Price]? {
        entries.withLock { entries in
            var found: [String: Price] = [:]
            for productID in productIDs {
                guard let entry = entries[Self.key(group, productID)], entry.storedAt.duration(to: now) <= ttl else { return nil }
                found[productID] = entry.price
            }
            return found
        }
    }

    /// Applies a `price.updated`: a group's price replaces that group's entry; a base-price change
    /// (no group) replaces the `standard` entry and drops the other groups' (derived by rules this cache
    /// does not know). Applying the same event twice leaves the same state.
    func apply(_ event: PriceUpdated, now: ContinuousClock.Instant = .now) {
        let price = Price(unitPriceMinor: event.unitPriceMinor, currency: event.currency)
        let suffix = "\u{1F}" + event.productID
        entries.withLock { entries in
            if let group = event.customerGroup {
                entries[Self.key(group, event.productID)] = Entry(price: price, storedAt: now)
                return
            }
            for key in entries.keys where key.hasSuffix(suffix) { entries[key] = nil }
            entries[Self.key(Self.baseGroup, event.productID)] = Entry(price: price, storedAt: now)
        }
    }

    /// The group whose price is the base price.
    static let baseGroup = "standard"

    /// The consumer group (and inbox name) of the cache's `price.updated` consumer.
    static let consumerGroup = "checkout-price-cache"

    /// The handlers that keep the cache current from `price.updated`.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(PriceUpdated.self) { [self] envelope, _ in apply(envelope.data) }
        return handlers
    }

    static func key(_ group: String, _ productID: String) -> String { group + "\u{1F}" + productID }
}
