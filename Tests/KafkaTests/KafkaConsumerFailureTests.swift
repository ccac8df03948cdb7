import Kafka
import Synchronization
import TelemetryTesting
import Testing

@Suite(.timeLimit(.minutes(1))) struct KafkaConsumerFailureTests {
    /// Runs `handler` on one message sent to a fresh topic and returns what reached `<topic>.dlq`.
    private func deadLetters(
        of value: String,
        options adjust: (inout KafkaConsumerOptions) -> Void = { _ in },
        harness: KafkaTestHarness,
        handler: @escaping KafkaConsumer.Handler
    ) async throws -> (topic: String, delivery: KafkaDelivery, dlq: [KafkaMessage], consumer: KafkaConsumer) {
        let topic = try KafkaTestCluster.uniqueTopic("dlq")
        let producer = try harness.producer()
        var options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        options.retry = KafkaRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(5), maxDelay: .milliseconds(20))
        adjust(&options)
        let consumer = try harness.consumer(options, deadLetterProducer: producer, handler: handler)
        let dlq = Recorded<KafkaMessage>()
        let dlqReader = try harness.consumer(
            KafkaConsumerOptions(groupID: topic + "-dlq-reader", topics: [topic + ".dlq"]), deadLetterProducer: producer
        ) { dlq.append($0) }
        let delivery = try await withRunning([producer, consumer, dlqReader]) {
            let delivery = try await producer.send(topic, key: "poison", value, headers: ["event-type": "order.placed"])
            try await eventually("the dead letter") { dlq.count == 1 }
            try await eventually("the commit of the dead-lettered message") {
                try await consumer.committedOffsets(topic: topic, partitions: 1)[0] == delivery.offset + 1
            }
            return delivery
        }
        return (topic, delivery, dlq.all, consumer)
    }

    @Test func handler_failingTransientlyEveryTime_deadLettersAfterMaxAttempts() async throws {
        let harness = KafkaTestHarness()
        let attempts = Atomic<Int>(0)
        let result = try await deadLetters(of: "payload", harness: harness) { _ in
            attempts.add(1, ordering: .relaxed)
            throw KafkaHandlerError(.transient, reason: "inventory service timed out")
        }

        #expect(attempts.load(ordering: .relaxed) == 3)
        let letter = try #require(result.dlq.first)
        #expect(letter.keyString == "poison")
        #expect(letter.valueString == "payload")
        #expect(letter.headers["event-type"] == "order.placed")
        #expect(letter.headers["dlq.reason"] == "inventory service timed out")
        #expect(letter.headers["dlq.error.kind"] == "transient")
        #expect(letter.headers["dlq.original.topic"] == result.topic)
        #expect(letter.headers["dlq.original.partition"] == String(result.delivery.partition))
        #expect(letter.headers["dlq.original.offset"] == String(result.delivery.offset))
        #expect(letter.headers["dlq.attempts"] == "3")
        #expect(letter.headers["dlq.consumer.group"] == result.topic)
        #expect(harness.metrics.counterTotal(label: "messaging.kafka.retries") == 2)
        #expect(
            harness.metrics.counterTotal(
                label: "messaging.kafka.dead_lettered",
                dimensions: [
                    ("messaging_system", "kafka"), ("messaging_destination_name", result.topic),
                    ("messaging_consumer_group_name", result.topic), ("error_type", "transient"),
                ]
            ) == 1
        )
    }

    @Test func handler_failingPermanently_deadLettersAtOnce() async throws {
        let harness = KafkaTestHarness()
        let attempts = Atomic<Int>(0)
        let result = try await deadLetters(of: "{not json", harness: harness) { _ in
            attempts.add(1, ordering: .relaxed)
            throw KafkaHandlerError(.permanent, reason: "malformed envelope")
        }

        #expect(attempts.load(ordering: .relaxed) == 1)
        let letter = try #require(result.dlq.first)
        #expect(letter.headers["dlq.error.kind"] == "permanent")
        #expect(letter.headers["dlq.reason"] == "malformed envelope")
        #expect(letter.headers["dlq.attempts"] == "1")
        #expect(harness.metrics.counterTotal(label: "messaging.kafka.retries") == 0)
    }

    @Test func handler_throwingUnclassifiedError_isTreatedAsTransient() async throws {
        struct Boom: Error {}
        let harness = KafkaTestHarness()
        let result = try await deadLetters(of: "x", harness: harness) { _ in throw Boom() }

        #expect(result.dlq.first?.headers["dlq.error.kind"] == "transient")
        #expect(result.dlq.first?.headers["dlq.attempts"] == "3")
    }

    @Test func message_largerThanMaxMessageBytes_deadLettersWithoutRunningTheHandler() async throws {
        let harness = KafkaTestHarness()
        let calls = Atomic<Int>(0)
        let result = try await deadLetters(
            of: String(repeating: "x", count: 2_000),
            options: { $0.maxMessageBytes = 1_000 },
            harness: harness
        ) { _ in calls.add(1, ordering: .relaxed) }

        #expect(calls.load(ordering: .relaxed) == 0)
        let letter = try #require(result.dlq.first)
        #expect(letter.value.count == 2_000)
        #expect(letter.headers["dlq.error.kind"] == "permanent")
        #expect(letter.headers["dlq.reason"]?.contains("exceeds maxMessageBytes 1000") == true)
        #expect(letter.headers["dlq.attempts"] == "0")
    }

    @Test func poisonMessage_followedByGoodOnes_doesNotBlockThePartition() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("poison")
        let producer = try harness.producer()
        let handled = Recorded<String>()
        var options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        options.retry = KafkaRetryPolicy(maxAttempts: 2, baseDelay: .milliseconds(5), maxDelay: .milliseconds(10))
        let consumer = try harness.consumer(options, deadLetterProducer: producer) { message in
            if message.valueString == "poison" { throw KafkaHandlerError(.transient, reason: "always fails") }
            handled.append(message.valueString)
        }
        try await withRunning([producer, consumer]) {
            for value in ["a", "poison", "b", "c"] { try await producer.send(topic, key: "same-key", value) }
            try await eventually("the good messages") { handled.count == 3 }
            try await eventually("every offset committed") {
                try await consumer.committedOffsets(topic: topic, partitions: 1)[0] == 4
            }
        }
        #expect(handled.all == ["a", "b", "c"])
    }
}
