import CommerceAPI
import GRPCCore
import Logging

/// Pricing over gRPC (`GetPrices`), with the fallback: when Pricing is unavailable (breaker open, or
/// failing after retries) a recent cached price for every item stands in; without one the call fails.
struct PricingGateway: PriceSource {
    let client: any Commerce_Pricing_V1_Pricing.ClientProtocol
    let call: DependencyCall
    let cache: PriceCache
    let logger: Logger

    func quote(customerID: String, customerGroup: String, productIDs: [String]) async throws -> PriceQuote {
        var request = Commerce_Pricing_V1_GetPricesRequest()
        request.customerID = customerID
        request.customerGroup = customerGroup
        request.productIds = productIDs
        let outgoing = request
        let client = client
        do {
            let response = try await call.run { options in
                try await client.getPrices(request: ClientRequest(message: outgoing), options: options) { try $0.message }
            }
            var prices: [String: PriceCache.Price] = [:]
            for price in response.prices {
                prices[price.productID] = PriceCache.Price(unitPriceMinor: price.unitPriceMinor, currency: price.currency)
            }
            cache.store(prices, group: customerGroup)
            return PriceQuote(prices: prices, unknownProductIDs: response.unknownProductIds, fromCache: false)
        } catch let error as DependencyError where error.code != .rejected {
            guard let cached = cache.prices(for: productIDs, group: customerGroup) else { throw error }
            logger.warning(
                "pricing unavailable: using cached prices",
                metadata: ["dependency": "pricing", "error": .string(error.description), "checkout.items": .stringConvertible(productIDs.count)]
            )
            return PriceQuote(prices: cached, unknownProductIDs: [], fromCache: true)
        }
    }
}
