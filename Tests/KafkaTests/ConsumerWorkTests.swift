@testable import Kafka
import Testing

@Suite struct ConsumerWorkTests {
    @Test func finish_outOfOrder_commitsOnlyTheHighestContiguousOffset() {
        var progress = PartitionProgress(epoch: 1)
        for offset: Int64 in 10...13 { progress.fetched(offset) }

        progress.finish(11)
        #expect(progress.takeCommit() == nil)
        progress.finish(10)
        #expect(progress.takeCommit() == 12)
        #expect(progress.takeCommit() == nil)
        progress.finish(13)
        #expect(progress.takeCommit() == nil)
        progress.finish(12)
        #expect(progress.takeCommit() == 14)
    }

    @Test func revoke_afterFinishedWork_returnsItsCommitOnceAndIgnoresLateCompletions() {
        let state = KafkaConsumerState(maxConcurrency: 2, maxInFlight: 10)
        let partition = PartitionID(topic: "t", partition: 0)
        state.assign([partition])
        guard case .start(let first) = state.enqueue(message(offset: 0, key: "a")),
            case .start(let second) = state.enqueue(message(offset: 1, key: "b"))
        else {
            Issue.record("expected two workers")
            return
        }
        _ = state.complete(first, finished: true)

        let commits = state.revoke([partition])
        #expect(commits.map(\.1) == [1])
        #expect(!state.isCurrent(second))
        _ = state.complete(second, finished: true)
        #expect(state.takeCommits().isEmpty)
        #expect(state.revoke([partition]).isEmpty)
    }

    @Test func enqueue_sameKeyWhileRunning_queuesBehindItAndHandsItToTheSameWorker() {
        let state = KafkaConsumerState(maxConcurrency: 1, maxInFlight: 10)
        state.assign([PartitionID(topic: "t", partition: 0)])
        guard case .start(let first) = state.enqueue(message(offset: 0, key: "a")) else {
            Issue.record("expected a worker")
            return
        }
        guard case .queued = state.enqueue(message(offset: 1, key: "a")) else {
            Issue.record("expected the same key to queue")
            return
        }
        guard case .queued = state.enqueue(message(offset: 2, key: "b")) else {
            Issue.record("expected the concurrency limit to queue a new key")
            return
        }

        let next = state.complete(first, finished: true)
        #expect(next?.message.offset == 1)
        let after = next.flatMap { state.complete($0, finished: true) }
        #expect(after?.message.offset == 2)
        #expect(after.flatMap { state.complete($0, finished: true) } == nil)
        #expect(state.takeCommits().map(\.1) == [3])
    }

    private func message(offset: Int64, key: String) -> KafkaMessage {
        KafkaMessage(topic: "t", partition: 0, offset: offset, key: Array(key.utf8), value: [])
    }
}
