import Kafka
import TelemetryTesting
import Testing

@Suite(.timeLimit(.minutes(1))) struct KafkaProducerTests {
    @Test func send_toRunningBroker_returnsDeliveryAndInjectsTraceHeaders() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("produce", partitions: 3)
        let producer = try harness.producer()
        try await withRunning([producer]) {
            let first = try await producer.send(topic, key: "same", "1")
            let second = try await producer.send(topic, key: "same", "2")
            #expect(second.partition == first.partition)
            #expect(second.offset == first.offset + 1)
            #expect(producer.health.isBrokerReachable)
        }
        let spans = harness.spans(.producer, "send \(topic)")
        #expect(spans.count == 2)
        #expect(spans.first?.attribute("messaging.destination.name") == .string(topic))
        #expect(spans.first?.attribute("messaging.operation.type") == .string("send"))
        #expect(spans.allSatisfy { $0.attribute("messaging.kafka.offset") != nil })
        #expect(harness.metrics.counterTotal(label: "messaging.client.sent.messages") == 2)
    }

    @Test func send_withBrokerDownAndFullQueue_failsFastWithQueueFullThenTimesOut() async throws {
        let producer = try KafkaTestHarness.unreachableProducer(queue: 1)
        let codes = try await withRunning([producer]) {
            await withTaskGroup(of: KafkaError.Code?.self) { group in
                for value in 0..<3 {
                    group.addTask {
                        do {
                            _ = try await producer.send(topic: "t", key: nil, value: [UInt8(value)])
                            return nil
                        } catch {
                            return (error as? KafkaError)?.code
                        }
                    }
                }
                return await group.reduce(into: [KafkaError.Code?]()) { $0.append($1) }
            }
        }
        #expect(codes.filter { $0 == .queueFull }.count == 2)
        #expect(codes.filter { $0 == .deliveryFailed }.count == 1)
        #expect(!producer.health.isBrokerReachable)
    }

    @Test func send_afterShutdown_failsWithShutDown() async throws {
        let producer = try KafkaTestHarness().producer()
        try await withRunning([producer]) {}
        let error = await #expect(throws: KafkaError.self) { try await producer.send(topic: "t", key: nil, value: [1]) }
        #expect(error?.code == .shutDown)
    }

    @Test func init_withEmbeddedConfiguration_refusesWithoutBrokers() {
        #expect(throws: KafkaError.self) { try KafkaProducer(configuration: .embedded) }
    }
}
