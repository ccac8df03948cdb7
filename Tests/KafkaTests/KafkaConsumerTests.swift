import Kafka
import Synchronization
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite(.timeLimit(.minutes(1))) struct KafkaConsumerTests {
    @Test func consume_producedMessage_deliversKeyValueAndHeaders() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("roundtrip")
        let producer = try harness.producer()
        let received = Recorded<KafkaMessage>()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) {
            received.append($0)
        }
        try await withRunning([producer, consumer]) {
            let delivery = try await producer.send(topic, key: "order-1", "placed", headers: ["event-type": "order.placed"])
            try await eventually("the message") { received.count == 1 }
            let message = try #require(received.all.first)
            #expect(message.topic == topic)
            #expect(message.keyString == "order-1")
            #expect(message.valueString == "placed")
            #expect(message.headers["event-type"] == "order.placed")
            #expect(message.offset == delivery.offset)
            #expect(message.timestampMilliseconds != nil)
        }
        #expect(harness.metrics.counterTotal(label: "messaging.client.consumed.messages") == 1)
    }

    @Test func statistics_whileConsuming_reportLagPerPartitionAndBrokerUp() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("lag", partitions: 2)
        let producer = try harness.producer()
        let received = Recorded<Int64>()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) {
            received.append($0.offset)
        }
        let delivery = try await withRunning([producer, consumer]) {
            let delivery = try await producer.send(topic, key: "k", "v")
            try await eventually("the message") { received.count == 1 }
            // librdkafka reports a lag once the partition has a committed offset (-1 before: not recorded).
            try await eventually("the lag gauge of the partition") {
                harness.metrics.recorders(label: "messaging.kafka.consumer.lag").count == 1
            }
            #expect(consumer.health.isBrokerReachable)
            return delivery
        }
        let lag = try harness.metrics.expectGauge(
            "messaging.kafka.consumer.lag",
            [
                ("messaging_destination_name", topic), ("messaging_destination_partition_id", String(delivery.partition)),
                ("messaging_consumer_group_name", topic),
            ]
        )
        #expect(lag.lastValue == 0)
        let up = harness.metrics.recorders(label: "messaging.kafka.broker.up").compactMap(\.lastValue)
        #expect(up.contains(1))
    }

    @Test func consume_manyKeysWithConcurrency_keepsOrderPerKeyAndNeverOverlapsAKey() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("ordering", partitions: 2)
        let producer = try harness.producer()
        let received = Recorded<(key: String, value: Int)>()
        let running = Mutex<Set<String>>([])
        let overlaps = Atomic<Int>(0)
        let maxParallel = Atomic<Int>(0)
        var options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        options.maxConcurrency = 4
        let consumer = try harness.consumer(options, deadLetterProducer: producer) { message in
            let key = message.keyString ?? ""
            let parallel = running.withLock { keys in
                if !keys.insert(key).inserted { overlaps.add(1, ordering: .relaxed) }
                return keys.count
            }
            _ = maxParallel.max(parallel, ordering: .relaxed)
            try await Task.sleep(for: .milliseconds(5))
            running.withLock { _ = $0.remove(key) }
            received.append((key, Int(message.valueString) ?? -1))
        }
        let keys = (0..<6).map { "key-\($0)" }
        try await withRunning([producer, consumer]) {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for key in keys {
                    group.addTask { for value in 0..<15 { try await producer.send(topic, key: key, String(value)) } }
                }
                try await group.waitForAll()
            }
            try await eventually("90 messages") { received.count == 90 }
        }
        for key in keys {
            #expect(received.all.filter { $0.key == key }.map(\.value) == Array(0..<15), "order of \(key)")
        }
        #expect(overlaps.load(ordering: .relaxed) == 0)
        #expect(maxParallel.load(ordering: .relaxed) > 1)
        #expect(maxParallel.load(ordering: .relaxed) <= 4)
    }

    @Test func consume_handlerFailingOnceTransiently_retriesAndCommitsOnlyAfterSuccess() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("at-least-once")
        let producer = try harness.producer()
        let attempts = Atomic<Int>(0)
        let committedDuringFailure = Mutex<[Int32: Int64]?>(nil)
        let consumerBox = Mutex<KafkaConsumer?>(nil)
        var options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        options.retry = KafkaRetryPolicy(maxAttempts: 3, baseDelay: .milliseconds(10), maxDelay: .milliseconds(20))
        let consumer = try harness.consumer(options, deadLetterProducer: producer) { message in
            if attempts.add(1, ordering: .relaxed).newValue == 1 {
                let consumer = consumerBox.withLock { $0 }
                let offsets = try await consumer?.committedOffsets(topic: message.topic, partitions: 1)
                committedDuringFailure.withLock { $0 = offsets }
                throw KafkaHandlerError(.transient, reason: "dependency unavailable")
            }
        }
        consumerBox.withLock { $0 = consumer }
        try await withRunning([producer, consumer]) {
            let delivery = try await producer.send(topic, key: "k", "v")
            try await eventually("the commit after the retry") {
                try await consumer.committedOffsets(topic: topic, partitions: 1)[0] == delivery.offset + 1
            }
            #expect(attempts.load(ordering: .relaxed) == 2)
            let before = try #require(committedDuringFailure.withLock { $0 })
            #expect(before[0] == nil)
        }
        #expect(harness.metrics.counterTotal(label: "messaging.kafka.retries") == 1)
        #expect(harness.metrics.counterTotal(label: "messaging.kafka.dead_lettered") == 0)
    }

    @Test func consume_tracedProducer_continuesTheProducerTrace() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("trace")
        let producer = try harness.producer()
        let handlerTraceIDs = Recorded<String>()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) { message in
            handlerTraceIDs.append(message.headers["traceparent"] ?? "")
        }
        try await withRunning([producer, consumer]) {
            try await producer.send(topic, key: "k", "v")
            try await eventually("the process span") { harness.spans(.consumer, "process \(topic)").count == 1 }
        }
        let send = try #require(harness.spans(.producer, "send \(topic)").first)
        let process = try #require(harness.spans(.consumer, "process \(topic)").first)
        #expect(process.traceID == send.traceID)
        #expect(process.parentSpanID == send.spanID)
        #expect(handlerTraceIDs.all.first?.contains(send.spanID.description) == true)
        #expect(send.attribute("messaging.system") == .string("kafka"))
        #expect(send.attribute("messaging.operation.name") == .string("send"))
        #expect(send.attribute("messaging.kafka.message.key") == .string("k"))
        #expect(send.attribute("messaging.destination.partition.id") == .string("0"))
        #expect(process.attribute("messaging.operation.name") == .string("process"))
        #expect(process.attribute("messaging.consumer.group.name") == .string(topic))
        #expect(process.attribute("messaging.destination.name") == .string(topic))
        #expect(process.attribute("messaging.kafka.offset") == .int64(0))
    }

    @Test func consume_brokenTraceparent_startsANewTrace() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("broken-trace")
        let producer = try harness.producer()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) { _ in }
        try await withRunning([producer, consumer]) {
            // Produced outside the tracer: a raw producer with a garbage traceparent.
            let raw = try KafkaProducer(configuration: KafkaTestCluster.configuration, tracer: NoOpTracer())
            try await withRunning([raw]) {
                try await raw.send(topic, key: "k", "v", headers: ["traceparent": "00-garbage-00"])
            }
            try await eventually("the process span") { harness.spans(.consumer, "process \(topic)").count == 1 }
        }
        let process = try #require(harness.spans(.consumer, "process \(topic)").first)
        #expect(process.parentSpanID == nil)
    }

    @Test func shutdown_afterFinishedWork_commitsItAndLeavesTheGroup() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("shutdown")
        let producer = try harness.producer()
        let received = Recorded<Int64>()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) {
            received.append($0.offset)
        }
        try await withRunning([producer, consumer]) {
            for value in 0..<5 { try await producer.send(topic, key: "k", String(value)) }
            try await eventually("5 messages") { received.count == 5 }
        }
        // A new member of the same group starts after the committed offset: it sees only new messages.
        let later = Recorded<String>()
        let secondProducer = try harness.producer()
        let second = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: secondProducer) {
            later.append($0.valueString)
        }
        try await withRunning([secondProducer, second]) {
            try await secondProducer.send(topic, key: "k", "after")
            try await eventually("the new message") { later.count == 1 }
            #expect(try await second.committedOffsets(topic: topic, partitions: 1)[0] ?? 0 >= 5)
        }
        #expect(later.all == ["after"])
    }

    @Test func shutdown_withHandlerStuckPastTheDeadline_cancelsItAndDoesNotCommitIt() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("stuck")
        let producer = try harness.producer()
        let started = Recorded<Int64>()
        var options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        options.shutdownTimeout = .milliseconds(200)
        let consumer = try harness.consumer(options, deadLetterProducer: producer) { message in
            started.append(message.offset)
            try await Task.sleep(for: .seconds(3600))
        }
        try await withRunning([producer, consumer]) {
            try await producer.send(topic, key: "k", "v")
            try await eventually("the handler to start") { started.count == 1 }
        }
        let reader = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) { _ in }
        #expect(try await reader.committedOffsets(topic: topic, partitions: 1).isEmpty)
        #expect(harness.metrics.counterTotal(label: "messaging.kafka.dead_lettered") == 0)
    }
}
