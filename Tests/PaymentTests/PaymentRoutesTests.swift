import CommerceEvents
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import MetricsTestKit
import ServiceRuntime
import ServiceTesting
import Storage
import TelemetryTesting
import Testing

@testable import Payment

/// `GET /payments/{orderID}` and `POST /payments/{orderID}/refund` over Hummingbird's router test client, on SQLite.
@Suite struct PaymentRoutesTests {
    @Test func refundFlow_overHTTP_answersPaymentThenConflictAndUnknownIs404() async throws {
        try await ServiceTestDatabase.with(.sqlite, migrations: PaymentSchema.migrations) { database in
            let gateway = SimulatedPaymentGateway(latency: .zero, policy: DeclinePolicy(rate: 0))
            let processor = PaymentProcessor(database: database, gateway: gateway, outbox: EventOutbox(source: "payment"), tracer: RecordingTracer(), metricsFactory: TestMetrics())
            let reserved = InventoryReserved(orderID: "o-1", customerID: "c-1", items: [], totalMinor: 1200, currency: "EUR")
            let charge = try await processor.prepareCharge(reserved)
            try await database.withTransaction { tx in
                _ = try await processor.record(reserved, charge: charge, in: tx)
            }
            let router = Router(context: ServiceRequestContext.self)
            PaymentRoutes(database: database, refunds: PaymentRefunds(database: database, processor: processor)).register(on: router)
            try await Application(router: router).test(.router) { client in
                try await client.execute(uri: "/payments/o-1", method: .get) { response in
                    #expect(response.status == .ok)
                    let payment = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(payment?["status"] as? String == "completed")
                    #expect(payment?["amountMinor"] as? Int == 1200)
                }
                try await client.execute(uri: "/payments/o-1/refund", method: .post) { response in
                    #expect(response.status == .ok)
                    let payment = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(payment?["status"] as? String == "refunded")
                }
                try await client.execute(uri: "/payments/o-1/refund", method: .post) { response in
                    #expect(response.status == .conflict)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: "/payments/nope", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                }
                try await client.execute(uri: "/payments/nope/refund", method: .post) { response in
                    #expect(response.status == .notFound)
                }
            }
        }
    }
}
