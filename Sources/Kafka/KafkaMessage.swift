/// A consumed Kafka record.
public struct KafkaMessage: Sendable, Hashable {
    /// The topic.
    public var topic: String
    /// The partition.
    public var partition: Int32
    /// The offset in the partition.
    public var offset: Int64
    /// The key bytes, nil when the record has none.
    public var key: [UInt8]?
    /// The value bytes (empty for a null value).
    public var value: [UInt8]
    /// The headers in order.
    public var headers: KafkaHeaders
    /// The record timestamp in milliseconds since the Unix epoch, nil when unavailable.
    public var timestampMilliseconds: Int64?

    /// Creates a message.
    public init(
        topic: String,
        partition: Int32,
        offset: Int64,
        key: [UInt8]?,
        value: [UInt8],
        headers: KafkaHeaders = KafkaHeaders(),
        timestampMilliseconds: Int64? = nil
    ) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
        self.key = key
        self.value = value
        self.headers = headers
        self.timestampMilliseconds = timestampMilliseconds
    }

    /// The key as UTF-8 text.
    public var keyString: String? { key.map { String(decoding: $0, as: UTF8.self) } }
    /// The value as UTF-8 text.
    public var valueString: String { String(decoding: value, as: UTF8.self) }
}
