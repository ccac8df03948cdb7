import CommerceAPI
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle
import Storage
import TelemetryTesting
import Testing

@testable import Inventory

/// GetLevels and WatchStock through a real gRPC server and client on loopback (HTTP/2), on SQLite.
@Suite(.timeLimit(.minutes(2))) struct InventoryGRPCServiceTests {
    typealias F = InventoryFixtures
    typealias Client = Commerce_Inventory_V1_Inventory.Client<HTTP2ClientTransport.Posix>

    /// The gRPC server as a `Service` (graceful shutdown stops it accepting calls, as in the kit).
    struct ServerService: Service {
        let server: GRPCServer<HTTP2ServerTransport.Posix>
        func run() async throws {
            try await withGracefulShutdownHandler { try await server.serve() } onGracefulShutdown: { server.beginGracefulShutdown() }
        }
    }

    func withServer(
        _ body: @Sendable (Client, StockStore, StockBroadcaster, ServiceGroup) async throws -> Void
    ) async throws {
        try await F.withInventory(.sqlite) { store, _ in
            let broadcaster = StockBroadcaster()
            let server = GRPCServer(
                transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
                services: [InventoryGRPCService(store: store, broadcaster: broadcaster)]
            )
            let group = ServiceGroup(services: [ServerService(server: server)], logger: Logger(label: "tests") { _ in SwiftLogNoOpLogHandler() })
            try await withThrowingDiscardingTaskGroup { tasks in
                tasks.addTask { try await group.run() }
                let port = try #require(try await server.transport.listeningAddress.ipv4?.port)
                try await withGRPCClient(
                    transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: port), transportSecurity: .plaintext)
                ) { client in
                    try await body(Client(wrapping: client), store, broadcaster, group)
                }
                await group.triggerGracefulShutdown()
            }
        }
    }

    func watch(_ ids: [String]) -> Commerce_Inventory_V1_WatchStockRequest {
        var request = Commerce_Inventory_V1_WatchStockRequest()
        request.productIds = ids
        return request
    }

    @Test func getLevels_knownAndUnknown_listsLevelsAndUnknownIDs() async throws {
        try await withServer { client, _, _, _ in
            var request = Commerce_Inventory_V1_GetLevelsRequest()
            request.productIds = ["sku-1020", "sku-404", "sku-1001"]
            let response = try await client.getLevels(request)
            #expect(response.levels.map(\.productID) == ["sku-1020", "sku-1001"])
            #expect(response.levels.map(\.available) == [0, 1_000_000])
            #expect(response.unknownProductIds == ["sku-404"])
            request.productIds = []
            let error = await #expect(throws: RPCError.self) { try await client.getLevels(request) }
            #expect(error?.code == .invalidArgument)
        }
    }

    @Test func watchStock_changeAfterTheSnapshot_isPushedAndCancellingEndsTheWatch() async throws {
        try await withServer { client, store, broadcaster, _ in
            let received = try await client.watchStock(watch(["sku-1014"])) { response in
                var levels: [Commerce_Inventory_V1_StockLevel] = []
                for try await level in response.messages {
                    levels.append(level)
                    if levels.count == 1 {  // the snapshot: now change the level
                        let changed = try #require(try await store.setOnHand(productID: "sku-1014", onHand: 42))
                        broadcaster.publish([changed])
                    } else {
                        break  // ends the call: the client cancels the stream
                    }
                }
                return levels
            }
            #expect(received.map(\.onHand) == [1_000_000, 42])
            #expect(received.last?.available == 42)
            try await eventually("the watcher unsubscribed", within: 10) { broadcaster.subscriberCount == 0 }
        }
    }

    @Test func watchStock_gracefulShutdown_endsTheStream() async throws {
        try await withServer { client, _, broadcaster, group in
            let count = try await client.watchStock(watch([])) { response in
                var count = 0
                for try await _ in response.messages {
                    count += 1
                    if count == 20 { await group.triggerGracefulShutdown() }  // the snapshot of all 20 products is in
                }
                return count
            }
            #expect(count == 20)
            #expect(broadcaster.subscriberCount == 0)
        }
    }
}
