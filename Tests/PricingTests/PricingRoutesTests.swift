import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import ServiceRuntime
import ServiceTesting
import Testing
import Tracing

@testable import Pricing

/// The admin REST API over Hummingbird's router, on SQLite.
@Suite struct PricingRoutesTests {
    func withApp(_ body: @Sendable (any TestClientProtocol) async throws -> Void) async throws {
        try await ServiceTestDatabase.with(.sqlite, migrations: PricingSchema.migrations, component: "pricing") { database in
            let router = Router(context: ServiceRequestContext.self)
            PricingRoutes(book: PriceBook(database: database, outbox: EventOutbox(source: "pricing", tracer: NoOpTracer()))).register(on: router)
            try await Application(router: router).test(.router) { client in try await body(client) }
        }
    }

    @Test func putThenGet_goldPrice_returnsTheChangedPriceWithTheRule() async throws {
        try await withApp { client in
            try await client.execute(uri: "/prices/sku-1001", method: .put, body: ByteBuffer(string: #"{"unitPriceMinor":2000,"customerGroup":"gold"}"#)) { response in
                #expect(response.status == .ok)
                #expect(String(buffer: response.body).contains(#""customerGroup":"gold""#))
            }
            try await client.execute(uri: "/prices/sku-1001?customerGroup=gold", method: .get) { response in
                let quote = try JSONDecoder().decode(PriceQuote.self, from: Data(buffer: response.body))
                #expect(quote.unitPriceMinor == 1800)
                #expect(quote.ruleID == "gold-10")
            }
        }
    }

    @Test func put_invalidBody_isProblemJSONNamingTheField() async throws {
        try await withApp { client in
            try await client.execute(uri: "/prices/sku-1001", method: .put, body: ByteBuffer(string: #"{"unitPriceMinor":-5}"#)) { response in
                #expect(response.status == .unprocessableContent)
                #expect(response.headers[.contentType] == "application/problem+json")
                let problem = try JSONSerialization.jsonObject(with: Data(buffer: response.body)) as? [String: Any]
                #expect((problem?["invalid-params"] as? [[String: String]])?.first?["name"] == "unitPriceMinor")
                #expect(problem?["status"] as? Int == 422)
            }
        }
    }

    @Test func put_unknownProduct_is404Problem() async throws {
        try await withApp { client in
            try await client.execute(uri: "/prices/sku-0000", method: .put, body: ByteBuffer(string: #"{"unitPriceMinor":5}"#)) { response in
                #expect(response.status == .notFound)
                #expect(response.headers[.contentType] == "application/problem+json")
            }
        }
    }
}
