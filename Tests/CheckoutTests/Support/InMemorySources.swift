import Synchronization

@testable import Checkout

/// Prices from a table; throws `failure` instead when set. Counts its calls.
final class InMemoryPriceSource: PriceSource {
    let state: Mutex<(prices: [String: PriceCache.Price], failure: DependencyError?, calls: Int)>

    init(_ prices: [String: Int64], failure: DependencyError? = nil) {
        state = Mutex((prices.mapValues { PriceCache.Price(unitPriceMinor: $0, currency: "EUR") }, failure, 0))
    }

    var calls: Int { state.withLock { $0.calls } }

    func quote(customerID: String, customerGroup: String, productIDs: [String]) async throws -> PriceQuote {
        let (prices, failure) = state.withLock { state in
            state.calls += 1
            return (state.prices, state.failure)
        }
        if let failure { throw failure }
        return PriceQuote(
            prices: prices.filter { productIDs.contains($0.key) }, unknownProductIDs: productIDs.filter { prices[$0] == nil }, fromCache: false
        )
    }
}

/// Stock levels from a table (0 for unknown products); throws `failure` instead when set.
final class InMemoryStockSource: StockSource {
    let state: Mutex<(levels: [String: Int64], failure: DependencyError?)>

    init(_ levels: [String: Int64], failure: DependencyError? = nil) {
        state = Mutex((levels, failure))
    }

    func available(productIDs: [String]) async throws -> [String: Int64] {
        let (levels, failure) = state.withLock { ($0.levels, $0.failure) }
        if let failure { throw failure }
        return Dictionary(uniqueKeysWithValues: productIDs.map { ($0, levels[$0] ?? 0) })
    }
}
