/// Where the broker stored a produced message.
public struct KafkaDelivery: Sendable, Hashable {
    /// The partition.
    public var partition: Int32
    /// The message's offset in the partition.
    public var offset: Int64

    /// Creates a delivery.
    public init(partition: Int32, offset: Int64) {
        self.partition = partition
        self.offset = offset
    }
}
