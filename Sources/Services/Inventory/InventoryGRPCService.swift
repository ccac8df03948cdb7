import CommerceAPI
import GRPCCore
import ServiceLifecycle

/// `commerce.inventory.v1.Inventory` over gRPC: `GetLevels` and the server-streaming `WatchStock`.
struct InventoryGRPCService: Commerce_Inventory_V1_Inventory.SimpleServiceProtocol {
    /// The most product ids one call may ask for.
    static let maximumProducts = 100

    let store: StockStore
    let broadcaster: StockBroadcaster

    func getLevels(
        request: Commerce_Inventory_V1_GetLevelsRequest, context: ServerContext
    ) async throws -> Commerce_Inventory_V1_GetLevelsResponse {
        let ids = try Self.distinct(request.productIds, allowEmpty: false)
        let levels = try await store.levels(productIDs: ids)
        let known = Set(levels.map(\.productID))
        var response = Commerce_Inventory_V1_GetLevelsResponse()
        let byID = Dictionary(uniqueKeysWithValues: levels.map { ($0.productID, $0) })
        response.levels = ids.compactMap { byID[$0]?.message }
        response.unknownProductIds = ids.filter { !known.contains($0) }
        return response
    }

    /// The current levels, then every committed change, until the caller cancels or the service shuts down.
    func watchStock(
        request: Commerce_Inventory_V1_WatchStockRequest, response: RPCWriter<Commerce_Inventory_V1_StockLevel>, context: ServerContext
    ) async throws {
        let ids = try Self.distinct(request.productIds, allowEmpty: true)
        // Subscribed before the snapshot is read: no change slips between the two.
        guard let subscription = broadcaster.subscribe(productIDs: Set(ids)) else {
            throw RPCError(code: .resourceExhausted, message: "too many stock watchers (at most \(broadcaster.maximumSubscriptions))")
        }
        defer { broadcaster.unsubscribe(subscription) }
        // Ends when the caller cancels or goes away (gRPC cancels the RPC, not the task) and at shutdown.
        try await withRPCCancellationHandler {
            try await withGracefulShutdownHandler {
                try await stream(ids: ids, from: subscription, to: response)
            } onGracefulShutdown: {
                subscription.finish()
            }
        } onCancelRPC: {
            subscription.finish()
        }
    }

    /// Writes the snapshot, then each newer level, until the subscription finishes.
    private func stream(
        ids: [String], from subscription: StockSubscription, to response: RPCWriter<Commerce_Inventory_V1_StockLevel>
    ) async throws {
        var sent: [String: Int64] = [:]
        for level in try await store.levels(productIDs: ids.isEmpty ? nil : ids) {
            try await response.write(level.message)
            sent[level.productID] = level.version
        }
        for await batch in subscription.batches {
            for level in batch where level.version > sent[level.productID, default: -1] {
                try await response.write(level.message)
                sent[level.productID] = level.version
            }
        }
    }

    /// `ids` without repeats, in order; INVALID_ARGUMENT when empty (unless allowed) or over the maximum.
    static func distinct(_ ids: [String], allowEmpty: Bool) throws -> [String] {
        var seen = Set<String>()
        let distinct = ids.filter { seen.insert($0).inserted }
        guard allowEmpty || !distinct.isEmpty else { throw RPCError(code: .invalidArgument, message: "product_ids is empty") }
        guard distinct.count <= maximumProducts else {
            throw RPCError(code: .invalidArgument, message: "product_ids has \(distinct.count) distinct ids, at most \(maximumProducts) allowed")
        }
        return distinct
    }
}

extension StockLevel {
    /// The level as its protobuf message.
    var message: Commerce_Inventory_V1_StockLevel {
        var message = Commerce_Inventory_V1_StockLevel()
        message.productID = productID
        message.onHand = onHand
        message.reserved = reserved
        message.available = available
        return message
    }
}
