import Foundation
import Kafka
import Messaging
import Storage
import TelemetryTesting
import Testing
import Tracing

/// The idempotent event consumer against the mock cluster over TCP and a real database.
@Suite(.timeLimit(.minutes(2))) struct EventConsumerTests {
    let codec = EventCodec()

    func makeEnvelope(_ note: String, id: String = UUID().uuidString) throws -> (EventEnvelope<ItemAdded>, [UInt8]) {
        let envelope = EventEnvelope(ItemAdded(itemID: "i-1", note: note), source: "tests", id: id)
        return (envelope, try codec.encode(envelope))
    }

    @Test(arguments: MessagingBackend.available)
    func producedEnvelope_consumed_isAppliedOnceWithItsInboxRecord(backend: MessagingBackend) async throws {
        let harness = MessagingHarness()
        try await MessagingTestDatabase.with(backend) { database in
            let topic = try MessagingTestCluster.uniqueTopic("apply")
            let producer = try harness.producer()
            let consumer = try harness.eventConsumer(topic: topic, database: database, producer: producer)
            let (envelope, bytes) = try makeEnvelope("first")
            try await withRunning([producer, consumer]) {
                try await producer.send(topic, bytes: bytes)
                try await eventually("the effect", within: 30) { try await effectCount(database, eventID: envelope.id) == 1 }
            }
            let inbox = try await database.query("SELECT consumer FROM inbox WHERE event_id = $1", [.text(envelope.id)])
            #expect(try inbox.map { try $0.text("consumer") } == [topic])
            #expect(harness.duplicatesSkipped(topic) == 0)
        }
    }

    @Test(arguments: MessagingBackend.available)
    func sameEventID_deliveredTwice_hasOneEffectAndCountsTheDuplicate(backend: MessagingBackend) async throws {
        let harness = MessagingHarness()
        try await MessagingTestDatabase.with(backend) { database in
            let topic = try MessagingTestCluster.uniqueTopic("dup")
            let producer = try harness.producer()
            let seen = Recorded<KafkaMessage>()
            let consumer = try harness.eventConsumer(topic: topic, database: database, producer: producer, seen: seen)
            let (envelope, bytes) = try makeEnvelope("twice")
            try await withRunning([producer, consumer]) {
                try await producer.send(topic, bytes: bytes)
                try await producer.send(topic, bytes: bytes)
                try await eventually("the duplicate counted", within: 30) { harness.duplicatesSkipped(topic) == 1 }
            }
            #expect(seen.count == 2, "both deliveries reached the handler")
            #expect(try await effectCount(database, eventID: envelope.id) == 1)
        }
    }

    @Test func unreadableMessages_goToTheDeadLetterTopicWithTheReason_andLaterEventsStillApply() async throws {
        let harness = MessagingHarness()
        try await MessagingTestDatabase.with(.sqlite) { database in
            let topic = try MessagingTestCluster.uniqueTopic("bad")
            let producer = try harness.producer()
            let consumer = try harness.eventConsumer(topic: topic, database: database, producer: producer, codec: EventCodec(maxBytes: 2048))
            let dlq = Recorded<KafkaMessage>()
            let reader = try harness.recorder(topic: topic + ".dlq", producer: producer, into: dlq)
            let unknown = try codec.encode(EventEnvelope(id: "u-1", type: "test.unknown", version: 1, source: "tests", time: Date(), data: ["a": 1]))
            let wrongPayload = try codec.encode(EventEnvelope(id: "p-1", type: ItemAdded.type, version: 1, source: "tests", time: Date(), data: ["itemID": 7]))
            let oversized = try codec.encode(EventEnvelope(ItemAdded(itemID: "big", note: String(repeating: "x", count: 4000)), source: "tests"))
            let (valid, validBytes) = try makeEnvelope("after the poison")
            try await withRunning([producer, consumer, reader]) {
                try await producer.send(topic, bytes: Array("{not json".utf8))
                try await producer.send(topic, bytes: unknown)
                try await producer.send(topic, bytes: wrongPayload)
                try await producer.send(topic, bytes: oversized)
                try await producer.send(topic, bytes: validBytes)
                try await eventually("four dead letters", within: 30) { dlq.count == 4 }
                try await eventually("the valid event applied", within: 30) { try await effectCount(database, eventID: valid.id) == 1 }
            }
            let reasons = dlq.all.map { $0.headers["dlq.reason"] ?? "" }
            #expect(reasons.count == 4)
            #expect(reasons[0].hasPrefix("malformed-envelope: "))
            #expect(reasons[1].hasPrefix("unknown-event-type: "))
            #expect(reasons[2].hasPrefix("invalid-payload: "))
            #expect(reasons[3].hasPrefix("oversized-payload: "))
            #expect(dlq.all.allSatisfy { $0.headers["dlq.error.kind"] == "permanent" })
            let total = try await database.query("SELECT count(*) AS n FROM effects")
            #expect(try total.first?.integer("n") == 1, "only the valid event had an effect")
        }
    }

    @Test func brokenTraceHeaders_startANewTrace_andTheDatabaseWriteIsItsChild() async throws {
        let harness = MessagingHarness()
        try await MessagingTestDatabase.with(.sqlite, tracer: harness.tracer) { database in
            let topic = try MessagingTestCluster.uniqueTopic("trace")
            let producer = try KafkaProducer(configuration: MessagingTestCluster.configuration, tracer: NoOpTracer())
            let consumer = try harness.eventConsumer(topic: topic, database: database, producer: producer)
            let (envelope, bytes) = try makeEnvelope("broken trace")
            try await withRunning([producer, consumer]) {
                try await producer.send(topic, bytes: bytes, headers: ["traceparent": "00-zzzz-not-a-trace-01"])
                try await eventually("the effect", within: 30) { try await effectCount(database, eventID: envelope.id) == 1 }
            }
            let process = try #require(harness.spans(.consumer, "process \(topic)").first)
            #expect(process.parentSpanID == nil, "a broken traceparent starts a new trace")
            let insert = try #require(harness.backend.finishedSpans.first { $0.kind == .client && $0.operationName == "INSERT effects" })
            #expect(insert.traceID == process.traceID && insert.parentSpanID == process.spanID)
        }
    }
}
