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
            let publish = try #require(harness.spans(.producer, "create \(topic)").first)
            let send = try #require(harness.spans(.producer, "send \(topic)").first)
            let process = try #require(harness.spans(.consumer, "process \(topic)").first)
            #expect(publish.traceID == request.traceID && publish.parentSpanID == request.spanID)
            #expect(send.traceID == request.traceID && send.parentSpanID == publish.spanID)
            #expect(process.traceID == request.traceID && process.parentSpanID == send.spanID)
            #expect(message.headers["traceparent"]?.contains(send.spanID.description) == true)
        }
    }

    @Test(arguments: MessagingBackend.available)
    func relayWithKafkaPublisher_batchOfRowsFromTwoTraces_sendsThemInOneSpanEachContinuingItsRow(backend: MessagingBackend) async throws {
        let harness = MessagingHarness()
        try await MessagingTestDatabase.with(backend, tracer: harness.tracer) { database in
            let topic = try MessagingTestCluster.uniqueTopic("outbox-batch")
            let producer = try harness.producer()
            let seen = Recorded<KafkaMessage>()
            let reader = try harness.recorder(topic: topic, producer: producer, into: seen)
            let relay = OutboxRelay(
                database: database, publisher: KafkaOutboxPublisher(producer: producer), logger: Logger(label: "relay"),
                tracer: harness.tracer, metricsFactory: harness.metrics
            )
            let outbox = EventOutbox(source: "tests", tracer: harness.tracer)
            let tracer = harness.tracer
            for (request, items) in [("request-a", ["i-1", "i-2"]), ("request-b", ["i-3"])] {
                try await tracer.withSpan(request, ofKind: .server) { _ in
                    try await database.withTransaction { tx in
                        for item in items {
                            try await outbox.enqueue(ItemAdded(itemID: item, note: "batched"), topic: topic, aggregateID: item, in: tx)
                        }
                    }
                }
            }
            try await withRunning([producer, reader]) {
                #expect(try await relay.relayBatch() == 3)
                try await eventually("the three messages", within: 30) { seen.count == 3 }
            }
            #expect(try await OutboxStore().pendingCount(in: database) == 0)

            let sends = harness.spans(.client, "send \(topic)")
            #expect(sends.count == 1, "one CLIENT span for the batch: every message has its row's PRODUCER create span")
            let send = try #require(sends.first)
            #expect(send.attributes.get("messaging.batch.message_count") == .int64(3))
            #expect(send.links.count == 3)
            let publishes = harness.spans(.producer, "create \(topic)")
            #expect(publishes.count == 3)
            for message in seen.all {
                let eventID = try #require(message.headers["event.id"])
                let publish = try #require(publishes.first { $0.attributes.get("messaging.message.id") == .string(eventID) })
                let traceParents = message.headers.values(forName: "traceparent")
                #expect(traceParents.count == 1 && traceParents[0].hasPrefix("00-\(publish.traceID)-\(publish.spanID)-"))
                let request = try #require(harness.backend.finishedSpans.first { $0.spanID == publish.parentSpanID })
                #expect(request.kind == .server && request.traceID == publish.traceID)
            }
            #expect(Set(publishes.map(\.traceID)).count == 2, "the rows keep the traces of their two requests")
        }
    }
}
