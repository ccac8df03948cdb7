import Kafka
import TelemetryTesting
import Testing

@Suite(.timeLimit(.minutes(2))) struct KafkaConsumerGroupTests {
    private struct Handled: Hashable, Sendable {
        var partition: Int32
        var offset: Int64
    }

    @Test func secondMember_joiningTheGroup_takesPartitionsWithoutLosingOrRepeatingMessages() async throws {
        let harness = KafkaTestHarness()
        let topic = try KafkaTestCluster.uniqueTopic("rebalance", partitions: 4)
        let producer = try harness.producer()
        let first = Recorded<Handled>()
        let second = Recorded<Handled>()
        let options = KafkaConsumerOptions(groupID: topic, topics: [topic])
        let memberA = try harness.consumer(options, deadLetterProducer: producer) {
            first.append(Handled(partition: $0.partition, offset: $0.offset))
        }
        let memberB = try harness.consumer(options, deadLetterProducer: producer) {
            second.append(Handled(partition: $0.partition, offset: $0.offset))
        }
        var sent = 0
        try await withRunning([producer, memberA]) {
            for index in 0..<20 { try await producer.send(topic, key: "key-\(index)", "v") }
            sent = 20
            try await eventually("the first member to handle 20") { first.count == 20 }
            // The mock coordinator refuses commits while a rebalance is in progress: let these land first.
            try await eventually("the first member's commits") {
                try await memberA.committedOffsets(topic: topic, partitions: 4).values.reduce(0, +) == 20
            }

            try await withRunning([memberB]) {
                // One message at a time until the second member owns partitions and handles one.
                try await eventually("the second member to handle a message", within: 40) {
                    try await producer.send(topic, key: "key-\(sent)", "v")
                    sent += 1
                    let total = sent
                    // A message sent while the group rebalances waits until it settles; the mock's rebalance
                    // cycle lasts about session.timeout.ms (6 s) and can repeat when a member is late under load.
                    try await eventually("message \(total)", within: 40) { first.count + second.count == total }
                    return second.count > 0
                }
                for index in 0..<20 { try await producer.send(topic, key: "late-\(index)", "v") }
                sent += 20
                let total = sent
                try await eventually("every message") { first.count + second.count >= total }
                try await eventually("every offset committed") {
                    let committed = try await memberB.committedOffsets(topic: topic, partitions: 4)
                    return committed.values.reduce(0, +) == Int64(total)
                }
            }
        }
        let handled = first.all + second.all
        #expect(handled.count == sent)
        let twice = Dictionary(grouping: handled, by: { $0 }).filter { $0.value.count > 1 }.keys
        #expect(twice.isEmpty, "handled twice: \(twice.map { "\($0.partition)@\($0.offset) A:\(first.all.contains($0)) B:\(second.all.contains($0))" })")
        #expect(Set(first.all.map(\.partition)).count >= 1)
        #expect(!second.all.isEmpty)
    }
}
