import CommerceAPI
import GRPCCore

/// `commerce.pricing.v1.Pricing` over gRPC.
struct PricingGRPCService: Commerce_Pricing_V1_Pricing.SimpleServiceProtocol {
    /// The most product ids one call may ask for.
    static let maximumProducts = 100

    let book: PriceBook

    func getPrices(
        request: Commerce_Pricing_V1_GetPricesRequest, context: ServerContext
    ) async throws -> Commerce_Pricing_V1_GetPricesResponse {
        var seen = Set<String>()
        let ids = request.productIds.filter { seen.insert($0).inserted }
        guard !ids.isEmpty else { throw RPCError(code: .invalidArgument, message: "product_ids is empty") }
        guard ids.count <= Self.maximumProducts else {
            throw RPCError(code: .invalidArgument, message: "product_ids has \(ids.count) distinct ids, at most \(Self.maximumProducts) allowed")
        }
        let (quotes, unknown) = try await book.quotes(productIDs: ids, customerGroup: request.customerGroup)
        var response = Commerce_Pricing_V1_GetPricesResponse()
        response.prices = quotes.map { quote in
            var price = Commerce_Pricing_V1_Price()
            price.productID = quote.productID
            price.unitPriceMinor = quote.unitPriceMinor
            price.currency = quote.currency
            price.ruleID = quote.ruleID ?? ""
            return price
        }
        response.unknownProductIds = unknown
        return response
    }
}
