import CommerceAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Synchronization
import Testing

/// What a stub dependency does with each call.
enum StubBehaviour: Sendable {
    case healthy
    case failing(RPCError.Code)
    /// Answers after this long (or when the call is cancelled).
    case slow(Duration)
}

/// A real Pricing gRPC service (fixed EUR prices) that can be told to fail; counts its calls.
final class StubPricing: Commerce_Pricing_V1_Pricing.SimpleServiceProtocol {
    let prices: [String: Int64]
    let state = Mutex((behaviour: StubBehaviour.healthy, calls: 0))

    init(prices: [String: Int64]) { self.prices = prices }

    var calls: Int { state.withLock { $0.calls } }
    func set(_ behaviour: StubBehaviour) { state.withLock { $0.behaviour = behaviour } }

    func getPrices(request: Commerce_Pricing_V1_GetPricesRequest, context: ServerContext) async throws -> Commerce_Pricing_V1_GetPricesResponse {
        let behaviour = state.withLock { state in
            state.calls += 1
            return state.behaviour
        }
        if case .failing(let code) = behaviour { throw RPCError(code: code, message: "stub pricing told to fail") }
        if case .slow(let delay) = behaviour { try await Task.sleep(for: delay) }
        var response = Commerce_Pricing_V1_GetPricesResponse()
        for id in request.productIds {
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
        return response
    }
}

/// A real Inventory gRPC service (fixed levels) that can be told to fail; counts its `GetLevels` calls.
final class StubInventory: Commerce_Inventory_V1_Inventory.SimpleServiceProtocol {
    let levels: [String: Int64]
    let state = Mutex((behaviour: StubBehaviour.healthy, calls: 0))

    init(levels: [String: Int64]) { self.levels = levels }

    var calls: Int { state.withLock { $0.calls } }
    func set(_ behaviour: StubBehaviour) { state.withLock { $0.behaviour = behaviour } }

    func getLevels(request: Commerce_Inventory_V1_GetLevelsRequest, context: ServerContext) async throws -> Commerce_Inventory_V1_GetLevelsResponse {
        let behaviour = state.withLock { state in
            state.calls += 1
            return state.behaviour
        }
        if case .failing(let code) = behaviour { throw RPCError(code: code, message: "stub inventory told to fail") }
        if case .slow(let delay) = behaviour { try await Task.sleep(for: delay) }
        var response = Commerce_Inventory_V1_GetLevelsResponse()
        for id in request.productIds {
            guard let onHand = levels[id] else {
                response.unknownProductIds.append(id)
                continue
            }
            var level = Commerce_Inventory_V1_StockLevel()
            level.productID = id
            level.onHand = onHand
            level.available = onHand
            response.levels.append(level)
        }
        return response
    }

    func watchStock(
        request: Commerce_Inventory_V1_WatchStockRequest, response: RPCWriter<Commerce_Inventory_V1_StockLevel>, context: ServerContext
    ) async throws {
        throw RPCError(code: .unimplemented, message: "the stub does not stream")
    }
}

/// Runs `services` on a real HTTP/2 gRPC server on a free loopback port for the duration of `body`.
func withGRPCServer<Result: Sendable>(
    _ services: [any RegistrableRPCService], _ body: @Sendable (Int) async throws -> Result
) async throws -> Result {
    let server = GRPCServer(
        transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext), services: services
    )
    return try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await server.serve() }
        defer {
            server.beginGracefulShutdown()
            group.cancelAll()
        }
        let address = try await server.transport.listeningAddress
        let port = try #require(address.ipv4?.port)
        return try await body(port)
    }
}
