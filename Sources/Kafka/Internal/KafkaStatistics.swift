import Foundation

/// The parts of librdkafka's statistics JSON (`statistics.interval.ms`) the wrapper reports.
///
/// - SeeAlso: https://github.com/confluentinc/librdkafka/blob/v2.0.2/STATISTICS.md
struct KafkaStatistics: Sendable {
    struct PartitionLag: Sendable, Hashable {
        var topic: String
        var partition: Int32
        var lag: Int64
    }

    /// Whether any non-bootstrap broker is in state `UP`.
    var anyBrokerUp: Bool
    /// `consumer_lag` of every assigned partition that has one (librdkafka reports -1 when unknown).
    var consumerLag: [PartitionLag]

    /// Parses the JSON librdkafka hands its statistics callback (on its poll thread, off the cooperative pool).
    init?(json: UnsafeRawBufferPointer) {
        guard let base = json.baseAddress,
            let object = try? JSONSerialization.jsonObject(with: Data(bytes: base, count: json.count)),
            let root = object as? [String: Any]
        else { return nil }
        let brokers = root["brokers"] as? [String: Any] ?? [:]
        anyBrokerUp = brokers.values.contains { broker in
            guard let broker = broker as? [String: Any] else { return false }
            return (broker["state"] as? String) == "UP" && ((broker["nodeid"] as? NSNumber)?.intValue ?? -1) >= 0
        }
        var lags: [PartitionLag] = []
        for (topic, value) in root["topics"] as? [String: Any] ?? [:] {
            guard let partitions = (value as? [String: Any])?["partitions"] as? [String: Any] else { continue }
            for (key, partitionValue) in partitions {
                guard let partition = Int32(key), partition >= 0,
                    let fields = partitionValue as? [String: Any],
                    let lag = (fields["consumer_lag"] as? NSNumber)?.int64Value, lag >= 0
                else { continue }
                lags.append(PartitionLag(topic: topic, partition: partition, lag: lag))
            }
        }
        consumerLag = lags
    }
}
