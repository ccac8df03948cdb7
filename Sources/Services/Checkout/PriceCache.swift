import Synchronization

/// Recent unit prices by customer group and product, from Pricing's answers: what stands in for Pricing
/// while it is unavailable (breaker open or failing), for at most `ttl`.
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

    static func key(_ group: String, _ productID: String) -> String { group + "\u{1F}" + productID }
}
