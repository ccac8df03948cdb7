import Foundation
import Hummingbird
import HummingbirdTesting
import ServiceRuntime
import Testing

@testable import Inventory

/// The admin REST API over Hummingbird's router, on SQLite.
@Suite struct InventoryRoutesTests {
    func withApp(_ body: @Sendable (any TestClientProtocol, StockBroadcaster) async throws -> Void) async throws {
        try await InventoryFixtures.withInventory(.sqlite) { store, _ in
            let broadcaster = StockBroadcaster()
            let router = Router(context: ServiceRequestContext.self)
            InventoryRoutes(store: store, broadcaster: broadcaster).register(on: router)
            try await Application(router: router).test(.router) { client in try await body(client, broadcaster) }
        }
    }

    @Test func putThenGet_onHand_returnsTheNewLevelAndNotifiesWatchers() async throws {
        try await withApp { client, broadcaster in
            let subscription = try #require(broadcaster.subscribe(productIDs: ["sku-1015"]))
            try await client.execute(uri: "/stock/sku-1015", method: .put, body: ByteBuffer(string: #"{"onHand":12}"#)) { response in
                #expect(response.status == .ok)
            }
            try await client.execute(uri: "/stock/sku-1015", method: .get) { response in
                let level = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect(level?["onHand"] as? Int == 12)
                #expect(level?["available"] as? Int == 12)
            }
            #expect(subscription.take().map(\.onHand) == [12])
        }
    }

    @Test(arguments: [#"{"onHand":-1}"#, #"{"onHand":"7"}"#, #"{"onHand":1.5}"#, #"{}"#])
    func put_invalidOnHand_is422ProblemNamingTheField(body: String) async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/stock/sku-1015", method: .put, body: ByteBuffer(string: body)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((problem?["invalid-params"] as? [[String: String]])?.first?["name"] == "onHand")
            }
        }
    }

    @Test func get_unknownProduct_is404Problem() async throws {
        try await withApp { client, _ in
            try await client.execute(uri: "/stock/sku-404", method: .get) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
