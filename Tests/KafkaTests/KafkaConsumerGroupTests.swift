import Kafka
import TelemetryTesting
import Testing

@Suite(.timeLimit(.minutes(2))) struct KafkaConsumerGroupTests {
    private struct Handled: Hashable, Sendable {
        var partition: Int32
        var offset: Int64
    }

    /// At-least-once across a rebalance: nothing is lost, nothing committed is handled again, and offsets end
    /// committed exactly at the end of what was sent. A message handled while the group rebalanced may be
    /// handled again by the partition's next owner: the mock coordinator (unlike a real broker, which accepts
    /// commits while preparing a rebalance) refuses the revoking member's commit, so the next owner starts from
    /// the last committed offset. Those repeats are what idempotent consumers (the inbox) absorb.
    @Test func secondMember_joiningTheGroup_takesPartitionsWithoutLosingOrReprocessingCommittedMessages() async throws {
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
        var committedBeforeJoin: Set<Handled> = []
        try await withRunning([producer, memberA]) {
            for index in 0..<20 { try await producer.send(topic, key: "key-\(index)", "v") }
            sent = 20
            try await eventually("the first member to handle 20") { first.count == 20 }
            // The mock coordinator refuses commits while a rebalance is in progress: let these land first.
            try await eventually("the first member's commits") {
                try await memberA.committedOffsets(topic: topic, partitions: 4).values.reduce(0, +) == 20
            }
            committedBeforeJoin = Set(first.all)

            try await withRunning([memberB]) {
                // One message at a time until the second member owns partitions and handles one.
                try await eventually("the second member to handle a message", within: 40) {
                    try await producer.send(topic, key: "key-\(sent)", "v")
                    sent += 1
                    let total = sent
                    // A message sent while the group rebalances waits until it settles; the mock's rebalance
                    // cycle lasts about session.timeout.ms (6 s) and can repeat when a member is late under load.
                    try await eventually("message \(total)", within: 40) { Set(first.all + second.all).count == total }
                    return second.count > 0
                }
                for index in 0..<20 { try await producer.send(topic, key: "late-\(index)", "v") }
                sent += 20
                let total = sent
                try await eventually("every message") { Set(first.all + second.all).count == total }
                try await eventually("every offset committed") {
                    let committed = try await memberB.committedOffsets(topic: topic, partitions: 4)
                    return committed.values.reduce(0, +) == Int64(total)
                }
            }
        }
        let handled = first.all + second.all
        #expect(Set(handled).count == sent, "every message handled")
        #expect(committedBeforeJoin.count == 20)
        let reprocessed = handled.filter(committedBeforeJoin.contains).count - committedBeforeJoin.count
        #expect(reprocessed == 0, "\(reprocessed) committed messages handled again")
        #expect(!second.all.isEmpty)
    }
}
