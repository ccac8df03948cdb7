import CRdKafka
import Logging

extension KafkaConsumer {
    /// Fetches up to `maxMessages` (waiting up to 100 ms for the first). Runs on the I/O queue.
    func poll(maxMessages: Int) -> [KafkaMessage] {
        var messages: [KafkaMessage] = []
        var timeout: Int32 = 100
        while messages.count < maxMessages, let raw = rd_kafka_consumer_poll(client.handle, timeout) {
            timeout = 0
            defer { rd_kafka_message_destroy(raw) }
            let error = raw.pointee.err
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR else {
                if error != RD_KAFKA_RESP_ERR__PARTITION_EOF {
                    let name = String(cString: rd_kafka_err2name(error))
                    logger.warning("consumer error", metadata: ["kafka.error": "\(name)"])
                }
                continue
            }
            messages.append(Self.message(from: raw))
        }
        if !messages.isEmpty { health.brokerStateChanged(reachable: true) }
        return messages
    }

    static func message(from raw: UnsafeMutablePointer<rd_kafka_message_t>) -> KafkaMessage {
        let pointee = raw.pointee
        let topic = pointee.rkt.map { String(cString: rd_kafka_topic_name($0)) } ?? ""
        let key = pointee.key.map { Array(UnsafeRawBufferPointer(start: $0, count: pointee.key_len)) }
        let value = pointee.payload.map { Array(UnsafeRawBufferPointer(start: $0, count: pointee.len)) } ?? []
        var headers = KafkaHeaders()
        var list: OpaquePointer?
        if rd_kafka_message_headers(raw, &list) == RD_KAFKA_RESP_ERR_NO_ERROR, let list {
            var index = 0
            var name: UnsafePointer<CChar>?
            var bytes: UnsafeRawPointer?
            var size = 0
            while rd_kafka_header_get_all(list, index, &name, &bytes, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                let valueBytes = bytes.map { Array(UnsafeRawBufferPointer(start: $0, count: size)) } ?? []
                headers.append(name: name.map { String(cString: $0) } ?? "", value: valueBytes)
                index += 1
            }
        }
        var timestampType = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE
        let timestamp = rd_kafka_message_timestamp(raw, &timestampType)
        return KafkaMessage(
            topic: topic,
            partition: pointee.partition,
            offset: pointee.offset,
            key: key,
            value: value,
            headers: headers,
            timestampMilliseconds: timestampType == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE ? nil : timestamp
        )
    }

    /// Commits every partition's finished offsets that moved. Runs on the I/O queue.
    func commitPending(synchronously: Bool) {
        Self.commit(state.takeCommits(), handle: client.handle, synchronously: synchronously, logger: logger)
    }

    static func commit(_ commits: [(PartitionID, Int64)], handle: OpaquePointer, synchronously: Bool, logger: Logger) {
        guard !commits.isEmpty else { return }
        let list = rd_kafka_topic_partition_list_new(Int32(commits.count))
        defer { rd_kafka_topic_partition_list_destroy(list) }
        for (partition, offset) in commits {
            rd_kafka_topic_partition_list_add(list, partition.topic, partition.partition)?.pointee.offset = offset
        }
        let error = rd_kafka_commit(handle, list, synchronously ? 0 : 1)
        if error != RD_KAFKA_RESP_ERR_NO_ERROR, error != RD_KAFKA_RESP_ERR__NO_OFFSET {
            logger.warning("offset commit failed", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(error)))"])
        }
    }

    /// librdkafka's rebalance callback (on the I/O queue, inside poll or close): commits the finished work
    /// of revoked partitions, forgets them (their running handlers' results are ignored), then hands over.
    static func rebalance(
        handle: OpaquePointer,
        error: rd_kafka_resp_err_t,
        partitions: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?,
        state: KafkaConsumerState,
        logger: Logger
    ) {
        let ids = partitions.map(partitionIDs) ?? []
        let cooperative = String(cString: rd_kafka_rebalance_protocol(handle)) == "COOPERATIVE"
        switch error {
        case RD_KAFKA_RESP_ERR__ASSIGN_PARTITIONS:
            state.assign(ids)
            if cooperative { _ = rd_kafka_incremental_assign(handle, partitions) } else { _ = rd_kafka_assign(handle, partitions) }
            logger.debug("partitions assigned", metadata: ["kafka.partitions": "\(ids.count)"])
        case RD_KAFKA_RESP_ERR__REVOKE_PARTITIONS:
            let lost = rd_kafka_assignment_lost(handle) != 0
            let commits = state.revoke(ids)
            if !lost { commit(commits, handle: handle, synchronously: true, logger: logger) }
            if cooperative { _ = rd_kafka_incremental_unassign(handle, partitions) } else { _ = rd_kafka_assign(handle, nil) }
            logger.debug("partitions revoked", metadata: ["kafka.partitions": "\(ids.count)", "kafka.lost": "\(lost)"])
        default:
            _ = state.revoke(nil)
            _ = rd_kafka_assign(handle, nil)
            logger.warning("rebalance error", metadata: ["kafka.error": "\(String(cString: rd_kafka_err2name(error)))"])
        }
    }

    static func partitionIDs(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [PartitionID] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).map { index in
            PartitionID(topic: String(cString: elements[index].topic), partition: elements[index].partition)
        }
    }

    static func partitionOffsets(_ list: UnsafeMutablePointer<rd_kafka_topic_partition_list_t>) -> [(PartitionID, Int64)] {
        let count = Int(list.pointee.cnt)
        guard count > 0, let elements = list.pointee.elems else { return [] }
        return (0..<count).compactMap { index in
            guard elements[index].offset >= 0 else { return nil }
            return (PartitionID(topic: String(cString: elements[index].topic), partition: elements[index].partition), elements[index].offset)
        }
    }

    /// The group's committed offset of each partition of `topic` in `0..<partitions` (nil: none), as the broker reports it.
    package func committedOffsets(topic: String, partitions: Int) async throws -> [Int32: Int64] {
        let result = await onIO { consumer -> Result<[Int32: Int64], KafkaError> in
            let list = rd_kafka_topic_partition_list_new(Int32(partitions))
            defer { rd_kafka_topic_partition_list_destroy(list) }
            for partition in 0..<partitions { rd_kafka_topic_partition_list_add(list, topic, Int32(partition)) }
            let error = rd_kafka_committed(consumer.client.handle, list, 10_000)
            guard error == RD_KAFKA_RESP_ERR_NO_ERROR, let list else {
                return .failure(KafkaError(code: .consumer, message: "reading committed offsets", responseError: error))
            }
            var offsets: [Int32: Int64] = [:]
            for index in 0..<Int(list.pointee.cnt) {
                let element = list.pointee.elems[index]
                if element.offset >= 0 { offsets[element.partition] = element.offset }
            }
            return .success(offsets)
        }
        return try result.get()
    }
}
