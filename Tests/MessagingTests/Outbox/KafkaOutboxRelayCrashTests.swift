import Foundation
import Kafka
import Messaging
import Storage
import TelemetryTesting
import Testing

/// The relay as a real process publishing to a broker in ANOTHER process (`kafka-mock-broker`), killed
/// with SIGKILL mid-batch and restarted: every committed event arrives at least once, in order per
/// aggregate, and an inbox consumer applies each exactly once.
@Suite(.serialized) struct KafkaOutboxRelayCrashTests {
    static let events = 300
    static let topic = "crash.events"

    @Test(.enabled(if: MessagingBackend.available.contains(.postgresql)), .timeLimit(.minutes(4)))
    func relayProcess_killedMidBatch_everyEventArrivesAndIsAppliedOnce() async throws {
        let broker = try ToolProcess.startBroker(topics: [Self.topic, Self.topic + ".dlq"])
        defer {
            broker.process.terminate()
            broker.process.waitUntilExit()
        }
        let harness = MessagingHarness()
        try await MessagingTestDatabase.withPostgres(metrics: harness.metrics) { database, databaseURL in
            let outbox = EventOutbox(source: "crash-test")
            var expected: [String: [String]] = [:]
            for chunk in stride(from: 0, to: Self.events, by: 50) {
                let ids: [(String, String)] = try await database.withTransaction { tx in
                    var ids: [(String, String)] = []
                    for index in chunk..<min(chunk + 50, Self.events) {
                        let aggregate = "agg-\(index % 10)"
                        let envelope = try await outbox.enqueue(
                            ItemAdded(itemID: aggregate, note: "n-\(index)"), topic: Self.topic, aggregateID: aggregate, in: tx
                        )
                        ids.append((aggregate, envelope.id))
                    }
                    return ids
                }
                for (aggregate, id) in ids { expected[aggregate, default: []].append(id) }
            }
            let environment = [
                "DATABASE_URL": databaseURL, "PROBE_KAFKA_BROKERS": broker.bootstrap,
                "PROBE_PUBLISH_DELAY_MS": "3", "PROBE_BATCH_SIZE": "25", "PROBE_LEASE_MS": "1500",
            ]
            let sent = { () async throws -> Int in
                let rows = try await database.query("SELECT count(*) AS n FROM outbox WHERE sent_at IS NOT NULL")
                return Int(try rows.first?.integer("n") ?? 0)
            }

            let first = try ToolProcess.start("OutboxRelayProbe", environment: environment)
            try await eventually("the first relay published 60 events", within: 60) { try await sent() >= 60 }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            #expect(try await OutboxStore().pendingCount(in: database) > 0, "the relay finished before it was killed")

            let second = try ToolProcess.start("OutboxRelayProbe", environment: environment)
            defer {
                kill(second.processIdentifier, SIGKILL)
                second.waitUntilExit()
            }
            try await eventually("the restarted relay drained the outbox", within: 90) {
                try await OutboxStore().pendingCount(in: database) == 0
            }

            // An inbox consumer reads the topic from the start (duplicates included) and applies each event once.
            let configuration = KafkaConfiguration(brokers: broker.bootstrap, clientID: "crash-test")
            let producer = try KafkaProducer(configuration: configuration, metricsFactory: harness.metrics)
            let events = EventConsumer(
                name: "crash-test", database: database, handlers: MessagingHarness.handlers, inbox: InboxStore(metricsFactory: harness.metrics)
            )
            let received = Recorded<KafkaMessage>()
            let consumer = try KafkaConsumer(
                configuration: configuration, options: KafkaConsumerOptions(groupID: "crash-test", topics: [Self.topic]),
                deadLetterProducer: producer, metricsFactory: harness.metrics
            ) { message in
                received.append(message)
                try await events.handle(message)
            }
            let published = try await sent()
            try await withRunning([producer, consumer]) {
                try await eventually("every published message consumed", within: 60) { received.count >= published }
                try await Task.sleep(for: .milliseconds(500))
            }

            let ids = received.all.compactMap { $0.headers["event.id"] }
            #expect(Set(ids) == Set(expected.values.flatMap { $0 }), "every committed event arrived at least once")
            var firstSeen: [String: [String]] = [:]
            var seen: Set<String> = []
            for message in received.all {
                guard let id = message.headers["event.id"], let key = message.keyString, seen.insert(id).inserted else { continue }
                firstSeen[key, default: []].append(id)
            }
            #expect(firstSeen == expected, "in order per aggregate")
            let applied = try await database.query("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM effects").first
            #expect(try applied?.integer("n") == Int64(Self.events))
            #expect(try applied?.integer("d") == Int64(Self.events))
            #expect(harness.duplicatesSkipped("crash-test") == Int64(received.count - Self.events))
        }
    }
}
