import Synchronization

/// What the consumer's run loop, its handlers and librdkafka's rebalance callback share: assigned
/// partitions and their offsets, per-key queues, and the waits for capacity and idleness.
final class KafkaConsumerState: Sendable {
    enum Enqueued {
        /// Start a worker for this message's key.
        case start(ConsumerWork)
        /// Queued behind its key, or behind the concurrency limit.
        case queued
        /// Its partition is no longer assigned.
        case dropped
    }

    private struct State: ~Copyable {
        var partitions: [PartitionID: PartitionProgress] = [:]
        var nextEpoch: UInt64 = 1
        /// Keys with work: an active worker's key, or a key waiting in `ready`.
        var queues: [OrderingKey: [ConsumerWork]] = [:]
        var ready: [OrderingKey] = []
        var readyHead = 0
        var workers = 0
        var inFlight = 0
        var stopping = false
        var deadlinePassed = false
        var capacityWaiter: CheckedContinuation<Void, Never>?
        var idleWaiter: CheckedContinuation<Void, Never>?
    }

    let maxConcurrency: Int
    let maxInFlight: Int
    private let state = Mutex(State())

    init(maxConcurrency: Int, maxInFlight: Int) {
        self.maxConcurrency = max(1, maxConcurrency)
        self.maxInFlight = max(1, maxInFlight)
    }

    // MARK: Assignment (librdkafka's rebalance callback)

    func assign(_ partitions: [PartitionID]) {
        state.withLock { state in
            for partition in partitions where state.partitions[partition] == nil {
                state.partitions[partition] = PartitionProgress(epoch: state.nextEpoch)
                state.nextEpoch += 1
            }
        }
    }

    /// Forgets `partitions` (nil: all), returning the finished offsets not yet committed.
    func revoke(_ partitions: [PartitionID]?) -> [(PartitionID, Int64)] {
        state.withLock { state in
            let revoked = partitions ?? Array(state.partitions.keys)
            var commits: [(PartitionID, Int64)] = []
            for partition in revoked {
                guard var progress = state.partitions.removeValue(forKey: partition) else { continue }
                if let offset = progress.takeCommit() { commits.append((partition, offset)) }
            }
            return commits
        }
    }

    /// The finished offsets not yet committed, marked committed.
    func takeCommits() -> [(PartitionID, Int64)] {
        state.withLock { state in
            var commits: [(PartitionID, Int64)] = []
            for partition in state.partitions.keys {
                if let offset = state.partitions[partition]?.takeCommit() { commits.append((partition, offset)) }
            }
            return commits
        }
    }

    /// Forgets that `offset` was committed for `partition` (its commit failed), so the next round retries it.
    func commitFailed(_ partition: PartitionID, offset: Int64) {
        state.withLock { state in
            if state.partitions[partition]?.committed == offset { state.partitions[partition]?.committed = nil }
        }
    }

    // MARK: Work

    func enqueue(_ message: KafkaMessage) -> Enqueued {
        state.withLock { state in
            let partition = PartitionID(topic: message.topic, partition: message.partition)
            guard let epoch = state.partitions[partition]?.epoch else { return .dropped }
            state.partitions[partition]?.fetched(message.offset)
            state.inFlight += 1
            let work = ConsumerWork(message: message, epoch: epoch)
            let key = work.orderingKey
            if state.queues[key] != nil {
                state.queues[key]!.append(work)
                return .queued
            }
            if state.workers < maxConcurrency {
                state.queues[key] = []
                state.workers += 1
                return .start(work)
            }
            state.queues[key] = [work]
            state.ready.append(key)
            return .queued
        }
    }

    /// Whether `work` should still run: its partition is assigned in the same epoch and no stop began.
    func isCurrent(_ work: ConsumerWork) -> Bool {
        state.withLock { !$0.stopping && $0.partitions[work.partitionID]?.epoch == work.epoch }
    }

    /// Records `work` as done (`finished`: its offset may be committed) and returns the worker's next
    /// message: the next of its key, or the first of a waiting key; nil ends the worker.
    func complete(_ work: ConsumerWork, finished: Bool) -> ConsumerWork? {
        let (next, wake) = state.withLock { state -> (ConsumerWork?, [CheckedContinuation<Void, Never>]) in
            if finished, state.partitions[work.partitionID]?.epoch == work.epoch {
                state.partitions[work.partitionID]?.finish(work.message.offset)
            }
            state.inFlight -= 1
            let key = work.orderingKey
            var next: ConsumerWork?
            if var queue = state.queues[key], !queue.isEmpty {
                next = queue.removeFirst()
                state.queues[key] = queue
            } else {
                state.queues[key] = nil
                if state.readyHead < state.ready.count {
                    let readyKey = state.ready[state.readyHead]
                    state.readyHead += 1
                    if state.readyHead > 256, state.readyHead * 2 > state.ready.count {
                        state.ready.removeFirst(state.readyHead)
                        state.readyHead = 0
                    }
                    next = state.queues[readyKey]?.removeFirst()
                }
            }
            if next == nil { state.workers -= 1 }
            return (next, takeWaiters(&state))
        }
        for continuation in wake { continuation.resume() }
        return next
    }

    // MARK: Waiting

    /// Suspends the run loop until fewer than `maxInFlight` messages are in flight, or a stop began.
    func waitForCapacity() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.stopping || state.inFlight < maxInFlight { return true }
                state.capacityWaiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// The number of messages that can be fetched now.
    var capacity: Int {
        state.withLock { maxInFlight - $0.inFlight }
    }

    /// Suspends until no worker runs, or ``shutdownDeadlinePassed()`` was called.
    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let resumeNow = state.withLock { state in
                if state.workers == 0 || state.deadlinePassed { return true }
                state.idleWaiter = continuation
                return false
            }
            if resumeNow { continuation.resume() }
        }
    }

    /// Stops starting queued messages and wakes the run loop.
    func stop() {
        let wake = state.withLock { state in
            state.stopping = true
            return takeWaiters(&state)
        }
        for continuation in wake { continuation.resume() }
    }

    var isStopping: Bool { state.withLock { $0.stopping } }

    /// Ends ``waitUntilIdle()`` although workers still run.
    func shutdownDeadlinePassed() {
        let wake = state.withLock { state in
            state.deadlinePassed = true
            return takeWaiters(&state)
        }
        for continuation in wake { continuation.resume() }
    }

    private func takeWaiters(_ state: inout State) -> [CheckedContinuation<Void, Never>] {
        var wake: [CheckedContinuation<Void, Never>] = []
        if let waiter = state.capacityWaiter, state.stopping || state.inFlight < maxInFlight {
            wake.append(waiter)
            state.capacityWaiter = nil
        }
        if let waiter = state.idleWaiter, state.workers == 0 || state.deadlinePassed {
            wake.append(waiter)
            state.idleWaiter = nil
        }
        return wake
    }
}
