/// A partition of a topic.
struct PartitionID: Hashable, Sendable {
    var topic: String
    var partition: Int32
}

/// Messages with the same key in the same partition run one at a time, in offset order; messages
/// without a key are ordered per partition.
struct OrderingKey: Hashable, Sendable {
    var partition: PartitionID
    var key: [UInt8]?
}

/// A fetched message and the assignment epoch of its partition when it was fetched.
struct ConsumerWork: Sendable {
    var message: KafkaMessage
    var epoch: UInt64

    var partitionID: PartitionID { PartitionID(topic: message.topic, partition: message.partition) }
    var orderingKey: OrderingKey { OrderingKey(partition: partitionID, key: message.key) }
}

/// The offsets of one assigned partition: fetched, finished, and the next offset to commit.
struct PartitionProgress: Sendable {
    let epoch: UInt64
    private var outstanding: [Int64] = []
    private var head = 0
    private var finished: Set<Int64> = []
    /// The offset after the highest contiguous finished message (what Kafka commits).
    private(set) var committable: Int64?
    /// The last offset handed to a commit.
    var committed: Int64?

    init(epoch: UInt64) {
        self.epoch = epoch
    }

    mutating func fetched(_ offset: Int64) {
        outstanding.append(offset)
    }

    mutating func finish(_ offset: Int64) {
        finished.insert(offset)
        while head < outstanding.count, finished.remove(outstanding[head]) != nil {
            committable = outstanding[head] + 1
            head += 1
        }
        if head > 256, head * 2 > outstanding.count {
            outstanding.removeFirst(head)
            head = 0
        }
    }

    /// The offset to commit now, if it moved since the last commit; marks it committed.
    mutating func takeCommit() -> Int64? {
        guard let committable, committable != committed else { return nil }
        committed = committable
        return committable
    }
}
