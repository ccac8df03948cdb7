import AsyncHTTPClient
import CommerceEvents
import Foundation
import Kafka
import Messaging

@testable import Order
import TelemetryTesting
import Testing

/// The real `payment` and `order` binaries on one Kafka (the mock broker process): the events Checkout and
/// Inventory would publish go in, and both services carry the saga to its end, approved and declined.
@Suite(.serialized, .timeLimit(.minutes(3))) struct PaymentOrderProcessTests {
    struct OrderBody: Decodable { var status: String; var reason: String? }
    struct PaymentBody: Decodable { var status: String; var reason: String? }

    func get<Body: Decodable>(_ url: String, as type: Body.Type) async throws -> Body? {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        guard response.status == .ok else { return nil }
        return try JSONDecoder().decode(Body.self, from: Data(buffer: try await response.body.collect(upTo: 1 << 20)))
    }

    @Test func reservedOrders_throughPaymentAndOrder_confirmApprovedAndFailDeclined() async throws {
        let topics = OrderSaga.topics + [OrderConfirmed.topic, OrderFailed.topic, InventoryRelease.topic, NotificationRequested.topic]
        let broker = try SagaProcesses.startBroker(topics: topics + topics.map { $0 + ".dlq" })
        defer { SagaProcesses.stop(broker.process) }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("saga-process-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let orderPort = try freeLoopbackPort()
        let paymentPort = try freeLoopbackPort()
        func environment(_ name: String, http: Int) throws -> [String: String] {
            [
                "KAFKA_BROKERS": broker.bootstrap, "DATA_DIR": data.appendingPathComponent(name).path, "HTTP_PORT": String(http),
                "GRPC_PORT": "0", "METRICS_PORT": "0", "ADMIN_PORT": "0", "PAYMENT_GATEWAY_LATENCY_MS": "0", "FLIGHT_RECORDER_DIR": data.path,
            ]
        }
        let order = try SagaProcesses.start("order", environment: try environment("order", http: orderPort))
        defer { SagaProcesses.stop(order) }
        let payment = try SagaProcesses.start("payment", environment: try environment("payment", http: paymentPort))
        defer { SagaProcesses.stop(payment) }

        let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: broker.bootstrap, clientID: "saga-process-tests"))
        let codec = EventCodec()
        let approved = UUID().uuidString.lowercased()
        let declined = UUID().uuidString.lowercased()
        try await withRunning([producer]) {
            for (id, customer) in [(approved, "c-1"), (declined, "decline-1")] {
                let created = OrderCreated(
                    orderID: id, customerID: customer, customerGroup: "standard",
                    items: [LineItem(productID: "sku-1001", quantity: 1, unitPriceMinor: 2490)], totalMinor: 2490, currency: "EUR"
                )
                let reserved = InventoryReserved(orderID: id, customerID: customer, items: created.items, totalMinor: 2490, currency: "EUR")
                // inventory.reserved first: Order must wait for checkout.order.created (retried), Payment charges at once.
                try await producer.send(topic: InventoryReserved.topic, key: Array(id.utf8), value: codec.encode(EventEnvelope(reserved, source: "inventory")))
                try await producer.send(topic: OrderCreated.topic, key: Array(id.utf8), value: codec.encode(EventEnvelope(created, source: "checkout")))
            }
            try await eventually("the approved order confirmed", within: 60) {
                try await get("http://127.0.0.1:\(orderPort)/orders/\(approved)", as: OrderBody.self)?.status == "confirmed"
            }
            try await eventually("the declined order failed", within: 60) {
                try await get("http://127.0.0.1:\(orderPort)/orders/\(declined)", as: OrderBody.self)?.status == "failed"
            }
        }
        #expect(try await get("http://127.0.0.1:\(orderPort)/orders/\(declined)", as: OrderBody.self)?.reason == "declined")
        #expect(try await get("http://127.0.0.1:\(paymentPort)/payments/\(approved)", as: PaymentBody.self)?.status == "completed")
        #expect(try await get("http://127.0.0.1:\(paymentPort)/payments/\(declined)", as: PaymentBody.self)?.reason == "declined")
    }
}
