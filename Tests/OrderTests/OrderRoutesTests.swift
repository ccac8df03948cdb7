import CommerceEvents
import Foundation
import Hummingbird
import HummingbirdTesting
import Messaging
import MetricsTestKit
import ServiceRuntime
import ServiceTesting
import Storage
import Testing

@testable import Order

/// `GET /orders/{id}` over Hummingbird's router test client, on SQLite.
@Suite struct OrderRoutesTests {
    func app(_ database: any Database) -> some ApplicationProtocol {
        let router = Router(context: ServiceRequestContext.self)
        OrderRoutes(store: OrderStore(database: database)).register(on: router)
        return Application(router: router)
    }

    @Test func unknownOrder_get_is404ProblemDetails() async throws {
        try await ServiceTestDatabase.with(.sqlite, migrations: OrderSchema.migrations) { database in
            try await app(database).test(.router) { client in
                try await client.execute(uri: "/orders/nope", method: .get) { response in
                    #expect(response.status == .notFound)
                    #expect(response.headers[.contentType] == "application/problem+json")
                    let problem = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(problem?["status"] as? Int == 404)
                    #expect((problem?["detail"] as? String)?.contains("nope") == true)
                }
            }
        }
    }

    @Test func knownOrder_get_showsStatusAndHistoryInTheBriefsShape() async throws {
        try await ServiceTestDatabase.with(.sqlite, migrations: OrderSchema.migrations) { database in
            let saga = OrderSaga(outbox: EventOutbox(source: "order"), metrics: SagaMetrics(factory: TestMetrics()))
            let consumer = EnvelopeDelivery(consumer: EventConsumer(name: OrderSaga.group, database: database, handlers: saga.handlers))
            try await consumer.deliver(OrderSagaTests.orderCreated("o-1", at: Date()), topic: OrderCreated.topic, key: "o-1")
            try await consumer.deliver(
                EventEnvelope(InventoryReservationFailed(orderID: "o-1", reason: "insufficient_stock", productIDs: ["sku-1020"]), source: "inventory"),
                topic: InventoryReservationFailed.topic, key: "o-1"
            )
            try await app(database).test(.router) { client in
                try await client.execute(uri: "/orders/o-1", method: .get) { response in
                    #expect(response.status == .ok)
                    let order = try JSONSerialization.jsonObject(with: Data(response.body.readableBytesView)) as? [String: Any]
                    #expect(order?["id"] as? String == "o-1")
                    #expect(order?["status"] as? String == "failed")
                    #expect(order?["reason"] as? String == "insufficient_stock")
                    #expect(order?["customerID"] as? String == "c-1")
                    #expect(order?["totalMinor"] as? Int == 4980)
                    #expect(order?["currency"] as? String == "EUR")
                    let history = order?["history"] as? [[String: Any]]
                    #expect(history?.map { $0["status"] as? String } == ["created", "failed"])
                    #expect(history?.map { $0["event"] as? String } == ["checkout.order.created", "inventory.reservation.failed"])
                    #expect((history?.first?["at"] as? String)?.hasSuffix("Z") == true)
                }
            }
        }
    }
}
