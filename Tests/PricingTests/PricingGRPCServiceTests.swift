import CommerceAPI
import GRPCCore
import GRPCInProcessTransport
import Messaging
import ServiceTesting
import Testing
import Tracing

@testable import Pricing

/// `GetPrices` through a gRPC server and client (in-process transport), on SQLite.
@Suite struct PricingGRPCServiceTests {
    func withClient(_ body: @Sendable (Commerce_Pricing_V1_Pricing.Client<InProcessTransport.Client>) async throws -> Void) async throws {
        try await ServiceTestDatabase.with(.sqlite, migrations: PricingSchema.migrations, component: "pricing") { database in
            let book = PriceBook(database: database, outbox: EventOutbox(source: "pricing", tracer: NoOpTracer()))
            let transport = InProcessTransport()
            let server = GRPCServer(transport: transport.server, services: [PricingGRPCService(book: book)])
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                try await withGRPCClient(transport: transport.client) { client in
                    try await body(Commerce_Pricing_V1_Pricing.Client(wrapping: client))
                }
                server.beginGracefulShutdown()
            }
        }
    }

    func request(_ ids: [String], group: String = "") -> Commerce_Pricing_V1_GetPricesRequest {
        var request = Commerce_Pricing_V1_GetPricesRequest()
        request.customerID = "c-1"
        request.customerGroup = group
        request.productIds = ids
        return request
    }

    @Test func getPrices_goldWithAnUnknownID_pricesKnownAndListsUnknown() async throws {
        try await withClient { client in
            let response = try await client.getPrices(request(["sku-1001", "sku-4242", "sku-1001"], group: "gold"))
            #expect(response.prices.map(\.productID) == ["sku-1001"])
            #expect(response.prices.first?.unitPriceMinor == 2241)
            #expect(response.prices.first?.currency == "EUR")
            #expect(response.prices.first?.ruleID == "gold-10")
            #expect(response.unknownProductIds == ["sku-4242"])
        }
    }

    @Test func getPrices_emptyOrOver100IDs_isInvalidArgument() async throws {
        try await withClient { client in
            for ids in [[], (0...100).map { "sku-\($0)" }] {
                let error = await #expect(throws: RPCError.self) { try await client.getPrices(request(ids)) }
                #expect(error?.code == .invalidArgument)
            }
        }
    }
}
