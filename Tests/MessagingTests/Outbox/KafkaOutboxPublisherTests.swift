import Foundation
import Kafka
import Logging
import Messaging
import Storage
import TelemetryTesting
import Testing
import Tracing

/// Outbox -> relay -> Kafka -> idempotent consumer, with one trace across it.
@Suite(.timeLimit(.minutes(2))) struct KafkaOutboxPublisherTests {
    @Test func headers_ofARowWithTraceContext_dropTheStoredTraceHeadersAndNameTheEvent() {
        var message = OutboxMessage(
            id: "e-1", aggregateID: "a-1", topic: "t", eventType: "test.item.added", payload: [],
            headers: ["traceparent": "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", "baggage": "k=v", "tenant": "acme"]
        )
        message.headers.setValue("x", forName: "tracestate")
        let headers = KafkaOutboxPublisher.headers(of: message)
        #expect(headers.map { (header: KafkaHeaders.Header) in header.name } == ["tenant", "event.id", "event.type"])
        #expect(headers["event.id"] == "e-1")
        #expect(headers["event.type"] == "test.item.added")
    }

    @Test(arguments: MessagingBackend.available)
    func relayWithKafkaPublisher_enqueuedEvent_isPublishedAndAppliedOnceInTheRequestsTrace(backend: MessagingBackend) async throws {
        let harness = MessagingHarness()
        try await MessagingTestDatabase.with(backend, tracer: harness.tracer) { database in
            let topic = try MessagingTestCluster.uniqueTopic("outbox")
            let producer = try harness.producer()
            let seen = Recorded<KafkaMessage>()
            let consumer = try harness.eventConsumer(topic: topic, database: database, producer: producer, seen: seen)
            var relayConfiguration = OutboxRelay<ContinuousClock>.Configuration()
            relayConfiguration.pollInterval = .milliseconds(50)
            let relay = OutboxRelay(
                database: database, publisher: KafkaOutboxPublisher(producer: producer), configuration: relayConfiguration,
                logger: Logger(label: "relay"), tracer: harness.tracer, metricsFactory: harness.metrics
            )
            let outbox = EventOutbox(source: "tests", tracer: harness.tracer)
            let tracer = harness.tracer
            let envelope = try await tracer.withSpan("request", ofKind: .server) { _ in
                try await database.withTransaction { tx in
                    try await outbox.enqueue(ItemAdded(itemID: "i-9", note: "via outbox"), topic: topic, aggregateID: "i-9", in: tx)
                }
            }
            try await withRunning([producer, relay, consumer]) {
                try await eventually("the event applied", within: 30) { try await effectCount(database, eventID: envelope.id) == 1 }
            }
            #expect(try await OutboxStore().pendingCount(in: database) == 0)
            let message = try #require(seen.all.first)
            #expect(message.headers.values(forName: "traceparent").count == 1, "one traceparent: the producer's own")
            #expect(message.headers["event.id"] == envelope.id)
            #expect(message.keyString == "i-9")

            let request = try #require(harness.spans(.server, "request").first)
            let publish = try #require(harness.spans(.internal, "outbox publish \(topic)").first)
            let send = try #require(harness.spans(.producer, "send \(topic)").first)
            let process = try #require(harness.spans(.consumer, "process \(topic)").first)
            #expect(publish.traceID == request.traceID && publish.parentSpanID == request.spanID)
            #expect(send.traceID == request.traceID && send.parentSpanID == publish.spanID)
            #expect(process.traceID == request.traceID && process.parentSpanID == send.spanID)
            #expect(message.headers["traceparent"]?.contains(send.spanID.description) == true)
        }
    }
}
