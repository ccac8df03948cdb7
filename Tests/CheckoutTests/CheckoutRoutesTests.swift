import CommerceEvents
import Foundation
import GRPCCore
import Hummingbird
import HummingbirdTesting
import Logging
import Messaging
import MetricsTestKit
import ServiceTesting
import Storage
import TelemetryCore
import TelemetryTesting
import Testing

@testable import Checkout

/// `POST /checkout` and `GET /checkouts/{id}` in process, over fake Pricing/Inventory and a real database.
@Suite struct CheckoutRoutesTests {
    static let prices: [String: Int64] = ["sku-1001": 2490, "sku-1002": 3999]
    static let stock: [String: Int64] = ["sku-1001": 100, "sku-1002": 1]

    struct Harness: Sendable {
        let database: any Database
        let pricing: InMemoryPriceSource
        let metrics: TestMetrics
        let client: any TestClientProtocol

        func post(_ json: String, headers: HTTPFields = [:]) async throws -> (status: HTTPResponse.Status, headers: HTTPFields, body: [String: Any]) {
            try await client.execute(uri: "/checkout", method: .post, headers: headers, body: ByteBuffer(string: json)) { response in
                let body = (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
                return (response.status, response.headers, body)
            }
        }

        func count(_ table: String) async throws -> Int64 {
            try await database.query("SELECT COUNT(*) AS n FROM \(table)").first?.integer("n") ?? -1
        }
    }

    func withHarness(
        _ backend: TestBackend = .sqlite, pricing: InMemoryPriceSource = InMemoryPriceSource(prices),
        stock: InMemoryStockSource = InMemoryStockSource(stock), _ body: @escaping @Sendable (Harness) async throws -> Void
    ) async throws {
        try await ServiceTestDatabase.with(backend, migrations: CheckoutSchema.migrations, component: "checkout") { database in
            let metrics = TestMetrics()
            let tracer = KitTracer(wrapping: RecordingTracer())
            var settings = CheckoutSettings()
            settings.maximumBodyBytes = 1024
            let store = CheckoutStore(database: database, outbox: EventOutbox(source: "checkout", tracer: tracer), metricsFactory: metrics)
            let flow = CheckoutFlow(pricing: pricing, inventory: stock, store: store, requestTimeout: .seconds(2), tracer: tracer)
            let router = Router()
            CheckoutRoutes(flow: flow, store: store, settings: settings).register(on: router)
            let app = Application(router: router, logger: Logger(label: "checkout-tests") { _ in SwiftLogNoOpLogHandler() })
            try await app.test(.router) { client in
                try await body(Harness(database: database, pricing: pricing, metrics: metrics, client: client))
            }
        }
    }

    @Test(arguments: TestBackend.available)
    func post_validCheckout_202StoresItAndEnqueuesOrderCreatedWithOrderIDInBaggage(backend: TestBackend) async throws {
        try await withHarness(backend) { harness in
            let (status, headers, body) = try await harness.post(
                #"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":2},{"productID":"sku-1002","quantity":1}]}"#
            )
            #expect(status == .accepted)
            let orderID = try #require(body["orderID"] as? String)
            #expect(UUID(uuidString: orderID) != nil && orderID == orderID.lowercased())
            #expect(body["status"] as? String == "pending")
            #expect(body["totalMinor"] as? Int == 2 * 2490 + 3999)
            #expect(body["currency"] as? String == "EUR")
            #expect(headers[.location] == "/orders/\(orderID)")

            let rows = try await harness.database.query("SELECT topic, aggregate_id, event_type, headers FROM outbox")
            #expect(rows.count == 1)
            let row = try #require(rows.first)
            #expect(try row.text("topic") == OrderCreated.topic)
            #expect(try row.text("aggregate_id") == orderID)
            #expect(try row.text("event_type") == OrderCreated.type)
            let outboxHeaders = try row.text("headers") ?? ""
            #expect(outboxHeaders.contains("baggage=") && outboxHeaders.contains("\(SagaContext.orderIDKey)%3D\(orderID)"))
            #expect(try harness.metrics.expectCounter("checkout.saga.steps", [("step", "checkout.order.created")]).totalValue == 1)

            let stored = try await harness.client.execute(uri: "/checkouts/\(orderID)", method: .get) { response in
                (response.status, try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any])
            }
            #expect(stored.0 == .ok)
            #expect(stored.1?["totalMinor"] as? Int == 8979)
            #expect((stored.1?["items"] as? [[String: Any]])?.count == 2)
            #expect(stored.1?["priceSource"] as? String == "pricing")
        }
    }

    @Test func post_unknownProduct_422NamesTheItemAndWritesNothing() async throws {
        try await withHarness { harness in
            let (status, headers, body) = try await harness.post(
                #"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":1},{"productID":"sku-9999","quantity":1}]}"#
            )
            #expect(status == .unprocessableContent)
            #expect(headers[.contentType] == "application/problem+json")
            #expect((body["invalid-params"] as? [[String: String]])?.first?["name"] == "items[1].productID")
            #expect(try await harness.count("checkouts") == 0)
            #expect(try await harness.count("outbox") == 0)
        }
    }

    @Test func post_malformedJSON_400ProblemAndNothingWritten() async throws {
        try await withHarness { harness in
            let (status, headers, body) = try await harness.post("{not json")
            #expect(status == .badRequest)
            #expect(headers[.contentType] == "application/problem+json")
            #expect(body["status"] as? Int == 400)
            #expect(harness.pricing.calls == 0)
            #expect(try await harness.count("outbox") == 0)
        }
    }

    @Test func post_oversizedBody_413ProblemWithoutCallingPricing() async throws {
        try await withHarness { harness in
            let padding = String(repeating: "x", count: 2048)
            let (status, _, body) = try await harness.post(#"{"customerID":"\#(padding)","items":[]}"#)
            #expect(status == .contentTooLarge)
            #expect((body["invalid-params"] as? [[String: String]])?.first?["name"] == "body")
            #expect(harness.pricing.calls == 0)
            #expect(try await harness.count("checkouts") == 0)
        }
    }

    @Test func post_moreThanAvailable_409NamesTheQuantity() async throws {
        try await withHarness { harness in
            let (status, _, body) = try await harness.post(#"{"customerID":"c-1","items":[{"productID":"sku-1002","quantity":2}]}"#)
            #expect(status == .conflict)
            #expect((body["invalid-params"] as? [[String: String]])?.first?["name"] == "items[0].quantity")
            #expect(try await harness.count("outbox") == 0)
        }
    }

    @Test func post_pricingUnavailable_503Problem() async throws {
        let failing = InMemoryPriceSource(Self.prices, failure: DependencyError(code: .circuitOpen, dependency: "pricing", message: "open"))
        try await withHarness(pricing: failing) { harness in
            let (status, headers, body) = try await harness.post(#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":1}]}"#)
            #expect(status == .serviceUnavailable)
            #expect(headers[.contentType] == "application/problem+json")
            #expect((body["detail"] as? String)?.contains("pricing") == true)
            #expect(try await harness.count("checkouts") == 0)
        }
    }

    @Test func post_inventoryUnavailable_503Problem() async throws {
        let failing = InMemoryStockSource(Self.stock, failure: DependencyError(code: .unavailable, dependency: "inventory", message: "down"))
        try await withHarness(stock: failing) { harness in
            let (status, _, body) = try await harness.post(#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":1}]}"#)
            #expect(status == .serviceUnavailable)
            #expect((body["detail"] as? String)?.contains("inventory") == true)
            #expect(try await harness.count("outbox") == 0)
        }
    }

    @Test func post_pricingRejectsTheRequest_502ProblemWithTheCause() async throws {
        let rejected = DependencyError(
            code: .rejected, dependency: "pricing", message: "invalidArgument", cause: RPCError(code: .invalidArgument, message: "customer_group too long")
        )
        try await withHarness(pricing: InMemoryPriceSource(Self.prices, failure: rejected)) { harness in
            let (status, _, body) = try await harness.post(#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":1}]}"#)
            #expect(status == .badGateway)
            #expect((body["type"] as? String)?.hasSuffix("dependency-rejected") == true)
            #expect((body["detail"] as? String)?.contains("customer_group too long") == true)
            #expect(try await harness.count("checkouts") == 0)
        }
    }

    @Test(arguments: TestBackend.available)
    func post_sameIdempotencyKeyTwice_answersTheFirstCheckoutAndStoresOne(backend: TestBackend) async throws {
        try await withHarness(backend) { harness in
            let body = #"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":2}]}"#
            let key: HTTPFields = [IdempotencyKey.headerName: "retry-me-1"]
            let first = try await harness.post(body, headers: key)
            let second = try await harness.post(body, headers: key)
            #expect(first.status == .accepted && second.status == .accepted)
            let orderID = try #require(first.body["orderID"] as? String)
            #expect(second.body["orderID"] as? String == orderID)
            #expect(second.body["totalMinor"] as? Int == 2 * 2490)
            #expect(orderID == IdempotencyKey("retry-me-1").orderID(customerID: "c-1"))
            #expect(try await harness.count("checkouts") == 1)
            #expect(try await harness.count("outbox") == 1)
            #expect(harness.pricing.calls == 1)
            let other = try await harness.post(body, headers: [IdempotencyKey.headerName: "retry-me-2"])
            #expect(other.body["orderID"] as? String != orderID)
        }
    }

    @Test func post_badIdempotencyKey_400NamesTheHeader() async throws {
        try await withHarness { harness in
            let (status, _, body) = try await harness.post(
                #"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":1}]}"#, headers: [IdempotencyKey.headerName: "has space"]
            )
            #expect(status == .badRequest)
            #expect((body["invalid-params"] as? [[String: String]])?.first?["name"] == "Idempotency-Key")
            #expect(try await harness.count("checkouts") == 0)
        }
    }

    @Test func get_unknownCheckout_404Problem() async throws {
        try await withHarness { harness in
            let status = try await harness.client.execute(uri: "/checkouts/nope", method: .get) { $0.status }
            #expect(status == .notFound)
        }
    }
}
