import CommerceAPI
import GRPCCore

/// Inventory over gRPC (`GetLevels`): available units per product. No fallback: stock changes too fast
/// to be cached, so an unavailable Inventory fails the checkout (503).
struct InventoryGateway: StockSource {
    let client: any Commerce_Inventory_V1_Inventory.ClientProtocol
    let call: DependencyCall

    func available(productIDs: [String]) async throws -> [String: Int64] {
        var request = Commerce_Inventory_V1_GetLevelsRequest()
        request.productIds = productIDs
        let outgoing = request
        let client = client
        let response = try await call.run { options in
            try await client.getLevels(request: ClientRequest(message: outgoing), options: options) { try $0.message }
        }
        var levels: [String: Int64] = Dictionary(uniqueKeysWithValues: productIDs.map { ($0, 0) })
        for level in response.levels { levels[level.productID] = max(level.available, 0) }
        return levels
    }
}
