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
        let broker = try await KafkaBrokerProcess(topics: (topics + topics.map { $0 + ".dlq" }).map { ($0, 1) })
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("saga-process-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let orderPort = try freeLoopbackPort()
        let paymentPort = try freeLoopbackPort()
        func environment(_ name: String, http: Int) -> [String: String] {
            [
                "KAFKA_BROKERS": broker.bootstrapServers, "KAFKA_FETCH_WAIT_MAX_MS": "10", "DATA_DIR": data.appendingPathComponent(name).path,
                "HTTP_PORT": String(http), "PAYMENT_GATEWAY_LATENCY_MS": "0", "OTEL_TRACES_EXPORTER": "none", "OTEL_LOGS_EXPORTER": "none",
            ]
        }
        let order = try ServiceProcess(binary: "order", environment: environment("order", http: orderPort))
        let payment = try ServiceProcess(binary: "payment", environment: environment("payment", http: paymentPort))
        // Services before their broker: a consumer whose broker vanished mid-shutdown may not finish closing.
        func stopAll() async throws {
            _ = try await payment.stop()
            _ = try await order.stop()
            try await broker.stop()
        }
        do {
            try await run(broker: broker.bootstrapServers, orderPort: orderPort, paymentPort: paymentPort)
        } catch {
            try? await stopAll()
            throw error
        }
        try await stopAll()
    }

    func run(broker: String, orderPort: Int, paymentPort: Int) async throws {
        let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: broker, clientID: "saga-process-tests"))
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
                // inventory.reserved first: Order parks it until checkout.order.created arrives, Payment charges at once.
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
