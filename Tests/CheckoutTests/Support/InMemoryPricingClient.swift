import CommerceAPI
import GRPCCore
import Synchronization

/// A Pricing client answering from a table, or failing with `failure` when set; records every call's
/// timeout.
final class InMemoryPricingClient: Commerce_Pricing_V1_Pricing.ClientProtocol {
    let state: Mutex<(prices: [String: Int64], failure: RPCError?, remaining: Int?, timeouts: [Duration?])>

    init(_ prices: [String: Int64]) {
        state = Mutex((prices, nil, nil, []))
    }

    /// Fails the next `times` calls (every call when nil) with `code`; nil heals.
    func fail(with code: RPCError.Code?, times: Int? = nil) {
        state.withLock { state in
            state.failure = code.map { RPCError(code: $0, message: "injected") }
            state.remaining = times
        }
    }

    var timeouts: [Duration?] { state.withLock { $0.timeouts } }

    func getPrices<Result: Sendable>(
        request: ClientRequest<Commerce_Pricing_V1_GetPricesRequest>,
        serializer: some MessageSerializer<Commerce_Pricing_V1_GetPricesRequest>,
        deserializer: some MessageDeserializer<Commerce_Pricing_V1_GetPricesResponse>,
        options: CallOptions,
        onResponse handleResponse: @Sendable @escaping (ClientResponse<Commerce_Pricing_V1_GetPricesResponse>) async throws -> Result
    ) async throws -> Result {
        let (prices, failure) = state.withLock { state in
            state.timeouts.append(options.timeout)
            let failure = state.failure
            if let remaining = state.remaining {
                state.remaining = remaining - 1
                if remaining <= 1 { state.failure = nil }
            }
            return (state.prices, failure)
        }
        if let failure { throw failure }
        var response = Commerce_Pricing_V1_GetPricesResponse()
        for id in request.message.productIds {
            guard let unit = prices[id] else {
                response.unknownProductIds.append(id)
                continue
            }
            var price = Commerce_Pricing_V1_Price()
            price.productID = id
            price.unitPriceMinor = unit
            price.currency = "EUR"
            response.prices.append(price)
        }
        return try await handleResponse(ClientResponse(message: response))
    }
}
