import AsyncHTTPClient
import CommerceEvents
import Foundation
import Kafka
import Messaging
import TelemetryTesting
import Testing

/// The real `inventory` executable on its embedded SQLite store, against a Kafka mock cluster the test
/// runs: the saga's reserve, fail and release steps through Kafka, the outbox and the admin REST API.
@Suite(.serialized, .timeLimit(.minutes(3))) struct InventoryProcessTests {
    static let outputs = [InventoryReserved.topic, InventoryReservationFailed.topic, InventoryReleased.topic]

    @Test func sagaEvents_throughKafka_reserveFailAndReleaseOnceEach() async throws {
        let cluster = try KafkaMockCluster()
        for topic in [OrderCreated.topic, InventoryRelease.topic] + Self.outputs {
            try cluster.createTopic(topic, partitions: 1)
            try cluster.createTopic(topic + ".dlq", partitions: 1)
        }
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("inventory-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let service = try ServiceProcess(
            binary: "inventory", environment: ["KAFKA_BROKERS": cluster.bootstrapServers, "DATA_DIR": dataDirectory.path, "DATABASE_URL": ""]
        )
        let ports = try await service.waitForPorts()
        let kafka = KafkaConfiguration(brokers: cluster.bootstrapServers, clientID: "inventory-tests")
        let producer = try KafkaProducer(configuration: kafka)
        let received = Recorded<KafkaMessage>()
        var options = KafkaConsumerOptions(groupID: "inventory-tests-reader", topics: Self.outputs)
        options.statisticsInterval = .milliseconds(500)
        let reader = try KafkaConsumer(configuration: kafka, options: options, deadLetterProducer: producer) { received.append($0) }
        func send<E: Event>(_ event: E, id: String = UUID().uuidString.lowercased()) async throws {
            let bytes = try EventCodec().encode(EventEnvelope(event, source: "tests", id: id))
            _ = try await producer.send(topic: E.type, key: nil, value: bytes)
        }
        func types() -> [String] { received.all.map(\.topic).sorted() }

        try await withRunning([producer, reader]) {
            let order = OrderCreated(
                orderID: "o-proc-1", customerID: "c-1", customerGroup: "standard",
                items: [LineItem(productID: "sku-1001", quantity: 2, unitPriceMinor: 2490)], totalMinor: 4980, currency: "EUR"
            )
            try await send(order, id: "env-1")
            try await send(order, id: "env-1")  // redelivered: no second reservation
            try await send(OrderCreated(
                orderID: "o-proc-2", customerID: "c-2", customerGroup: "standard",
                items: [LineItem(productID: "sku-1020", quantity: 1, unitPriceMinor: 1790)], totalMinor: 1790, currency: "EUR"
            ))
            try await eventually("reserved and failed", within: 60) { types() == [InventoryReservationFailed.topic, InventoryReserved.topic] }
            #expect(try await stock(ports, "sku-1001")["reserved"] as? Int == 2)

            try await send(InventoryRelease(orderID: "o-proc-1", reason: "payment_declined"), id: "rel-1")
            try await send(InventoryRelease(orderID: "o-proc-1", reason: "payment_declined"), id: "rel-1")
            try await eventually("released", within: 60) { types().contains(InventoryReleased.topic) }
            #expect(try await stock(ports, "sku-1001")["reserved"] as? Int == 0)
            let reserved = try #require(received.all.first { $0.topic == InventoryReserved.topic })
            let envelope = try EventCodec().decode(InventoryReserved.self, from: reserved.value)
            #expect(envelope.data.totalMinor == 4980)
            #expect(envelope.data.currency == "EUR")

            let metrics = try await text("http://127.0.0.1:\(ports.metrics)/metrics")
            #expect(metrics.contains(#"checkout_saga_steps_total{step="inventory.reserved"} 1"#))
            #expect(metrics.contains(#"checkout_saga_steps_total{step="inventory.released"} 1"#))
            #expect(types().count == 3, "every event once: \(types())")
        }
        #expect(try await service.stop() == 0)
    }

    func stock(_ ports: ServiceProcess.Ports, _ productID: String) async throws -> [String: Any] {
        let body = try await text("http://127.0.0.1:\(ports.http)/stock/\(productID)")
        return try #require(try JSONSerialization.jsonObject(with: Data(body.utf8)) as? [String: Any])
    }

    func text(_ url: String) async throws -> String {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(10))
        return String(buffer: try await response.body.collect(upTo: 1 << 22))
    }
}
