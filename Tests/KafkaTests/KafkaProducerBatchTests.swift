import Kafka
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite(.timeLimit(.minutes(1))) struct KafkaProducerBatchTests {
    @Test func sendBatch_toRunningBroker_deliversEveryMessageWithItsHeadersInOneSpan() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("batch", partitions: 3)
        let producer = try harness.producer()
        let received = Recorded<KafkaMessage>()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) {
            received.append($0)
        }
        let batch = (0..<40).map { index in
            KafkaOutgoingMessage(
                topic: topic, key: Array("key-\(index % 4)".utf8), value: Array("value-\(index)".utf8),
                headers: ["app": "header-\(index)", "traceparent": "00-ffffffffffffffffffffffffffffffff-ffffffffffffffff-01"]
            )
        }
        let results = try await withRunning([producer, consumer]) {
            let results = await producer.send(batch)
            try await eventually("every message") { received.count == batch.count }
            return results
        }
        let deliveries = try results.map { try $0.get() }
        #expect(deliveries.count == batch.count)
        for key in 0..<4 {  // one key, one partition, in batch order
            let ofKey = deliveries.enumerated().filter { $0.offset % 4 == key }.map(\.element)
            #expect(Set(ofKey.map(\.partition)).count == 1)
            #expect(ofKey.map(\.offset) == ofKey.map(\.offset).sorted())
        }

        let spans = harness.spans(.producer, "send \(topic)")
        #expect(spans.count == 1)
        let span = try #require(spans.first)
        #expect(span.attribute("messaging.batch.message_count") == .int64(40))
        #expect(span.attribute("messaging.destination.name") == .string(topic))
        #expect(span.status == nil)
        let expectedTraceParent = "00-\(span.traceID)-\(span.spanID)-"  // then the flags
        for message in received.all {
            let index = try #require(Int(message.valueString.dropFirst("value-".count)))
            #expect(message.keyString == "key-\(index % 4)")
            #expect(message.headers["app"] == "header-\(index)")
            let traceParents = message.headers.values(forName: "traceparent")
            #expect(traceParents.count == 1 && traceParents[0].hasPrefix(expectedTraceParent), "the batch span's, replacing the caller's")
        }
        #expect(harness.metrics.counterTotal(label: "messaging.client.sent.messages") == 40)
    }

    @Test func sendBatch_messagesWithTheirOwnContext_carryItAndTheSpanLinksIt() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("batch-context")
        let producer = try harness.producer()
        let received = Recorded<KafkaMessage>()
        let consumer = try harness.consumer(KafkaConsumerOptions(groupID: topic, topics: [topic]), deadLetterProducer: producer) {
            received.append($0)
        }
        let tracer = harness.tracer
        let first = tracer.startSpan("request-1", context: .topLevel, ofKind: .server)
        let second = tracer.startSpan("request-2", context: .topLevel, ofKind: .server)
        first.end()
        second.end()
        let batch = [
            KafkaOutgoingMessage(topic: topic, key: nil, value: Array("own-1".utf8), context: first.context),
            KafkaOutgoingMessage(topic: topic, key: nil, value: Array("shared".utf8)),
            KafkaOutgoingMessage(topic: topic, key: nil, value: Array("own-2".utf8), context: second.context),
        ]
        let parent = tracer.startSpan("relay round", context: .topLevel)
        try await withRunning([producer, consumer]) {
            let results = await ServiceContext.$current.withValue(parent.context) { await producer.send(batch) }
            #expect(results.allSatisfy { (try? $0.get()) != nil })
            try await eventually("every message") { received.count == batch.count }
        }
        parent.end()
        let send = try #require(harness.spans(.producer, "send \(topic)").first)
        let request1 = try #require(harness.spans(.server, "request-1").first)
        let request2 = try #require(harness.spans(.server, "request-2").first)
        let round = try #require(harness.backend.finishedSpans.first { $0.operationName == "relay round" })
        #expect(send.parentSpanID == round.spanID && send.traceID == round.traceID)
        #expect(send.links.count == 2)
        func traceParent(_ value: String) -> String { received.all.first { $0.valueString == value }?.headers["traceparent"] ?? "none" }
        #expect(traceParent("own-1").hasPrefix("00-\(request1.traceID)-\(request1.spanID)-"))
        #expect(traceParent("own-2").hasPrefix("00-\(request2.traceID)-\(request2.spanID)-"))
        #expect(traceParent("shared").hasPrefix("00-\(send.traceID)-\(send.spanID)-"))
    }

    @Test func sendBatch_withAnOversizedMessage_failsOnlyThatMessage() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("batch-oversized")
        var configuration = KafkaTestCluster.configuration
        configuration.properties["message.max.bytes"] = "2000"
        let producer = try KafkaProducer(configuration: configuration, tracer: harness.tracer, metricsFactory: harness.metrics)
        let batch = [10, 5000, 10].map { KafkaOutgoingMessage(topic: topic, key: nil, value: [UInt8](repeating: 0x61, count: $0)) }
        let results = try await withRunning([producer]) { await producer.send(batch) }
        #expect((try? results[0].get()) != nil)
        #expect(results[1].failureCode == .messageTooLarge)
        #expect((try? results[2].get()) != nil)
        let span = try #require(harness.spans(.producer, "send \(topic)").first)
        #expect(span.status?.code == .error)
        #expect(span.attribute("error.type") == .string("messageTooLarge"))
        #expect(harness.metrics.counterTotal(label: "messaging.client.sent.messages") == 3, "two sent, one failed")
    }

    @Test func sendBatch_largerThanTheLocalQueue_refusesTheRestWithQueueFull() async throws {
        let producer = try KafkaTestHarness.unreachableProducer(queue: 2)
        let batch = (0..<4).map { KafkaOutgoingMessage(topic: "t", key: nil, value: [UInt8($0)]) }
        let results = try await withRunning([producer]) { await producer.send(batch) }
        #expect(results.map(\.failureCode) == [.deliveryFailed, .deliveryFailed, .queueFull, .queueFull])
    }

    @Test func sendBatch_afterShutdown_failsEveryMessageWithShutDown() async throws {
        let producer = try KafkaTestHarness().producer()
        try await withRunning([producer]) {}
        let results = await producer.send([KafkaOutgoingMessage(topic: "t", key: nil, value: [1]), KafkaOutgoingMessage(topic: "t", key: nil, value: [2])])
        #expect(results.map(\.failureCode) == [.shutDown, .shutDown])
    }

    @Test func sendBatch_empty_returnsNoResultsAndNoSpan() async throws {
        let harness = KafkaTestHarness()
        let producer = try harness.producer()
        let results = try await withRunning([producer]) { await producer.send([]) }
        #expect(results.isEmpty)
        #expect(harness.backend.finishedSpans.isEmpty)
    }
}

extension Result where Success == KafkaDelivery, Failure == KafkaError {
    /// The error's code; nil for a delivery.
    var failureCode: KafkaError.Code? {
        if case .failure(let error) = self { return error.code }
        return nil
    }
}
