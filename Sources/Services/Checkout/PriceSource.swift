/// Unit prices of products for a customer (Pricing, or a fake in tests).
protocol PriceSource: Sendable {
    /// Quotes `productIDs` for the customer.
    /// - Throws: ``DependencyError`` when no price can be given.
    func quote(customerID: String, customerGroup: String, productIDs: [String]) async throws -> PriceQuote
}

/// Prices of the known products, the unknown ones, and whether the prices came from the cache.
struct PriceQuote: Sendable, Equatable {
    var prices: [String: PriceCache.Price]
    var unknownProductIDs: [String]
    var fromCache: Bool
}

/// Units available to promise per product (Inventory, or a fake in tests).
protocol StockSource: Sendable {
    /// Available units of each of `productIDs` (0 for products Inventory does not know).
    /// - Throws: ``DependencyError``.
    func available(productIDs: [String]) async throws -> [String: Int64]
}
