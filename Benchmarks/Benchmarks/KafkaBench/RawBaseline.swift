import CRdKafkaBaseline

/// The baseline: librdkafka driven directly, the way a plain C client would, with the same settings.
enum RawBaseline {
    static func client(_ kind: rd_kafka_type_t, _ properties: [String: String]) -> OpaquePointer {
        let conf = rd_kafka_conf_new()
        var error = [CChar](repeating: 0, count: 512)
        for (name, value) in properties { precondition(rd_kafka_conf_set(conf, name, value, &error, 512) == RD_KAFKA_CONF_OK) }
        guard let handle = rd_kafka_new(kind, conf, &error, 512) else { fatalError("rd_kafka_new failed") }
        return handle
    }

    /// Produces `count` messages (key, value, one `traceparent` header) and waits until all are acknowledged
    /// (timed after one warm-up message).
    static func produce(bootstrap: String, topic: String, count: Int, value: [UInt8], header: String) -> Duration {
        let producer = client(RD_KAFKA_PRODUCER, ["bootstrap.servers": bootstrap, "enable.idempotence": "true", "linger.ms": "5"])
        defer { rd_kafka_destroy(producer) }
        // Warm-up, as the wrapper's figure has: the connection and the topic's metadata outside the timing.
        let warmUp = value.withUnsafeBytes { v in
            header.withCString { h in baseline_produce(producer, topic, nil, 0, v.baseAddress, v.count, "traceparent", h, header.utf8.count) }
        }
        precondition(warmUp == RD_KAFKA_RESP_ERR_NO_ERROR)
        precondition(rd_kafka_flush(producer, 60_000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        let start = ContinuousClock.now
        for index in 0..<count {
            let key = Array("key-\(index % 100)".utf8)
            while true {
                let result = key.withUnsafeBytes { k in
                    value.withUnsafeBytes { v in
                        header.withCString { h in
                            baseline_produce(producer, topic, k.baseAddress, k.count, v.baseAddress, v.count, "traceparent", h, header.utf8.count)
                        }
                    }
                }
                if result == RD_KAFKA_RESP_ERR__QUEUE_FULL { rd_kafka_poll(producer, 10); continue }
                precondition(result == RD_KAFKA_RESP_ERR_NO_ERROR)
                break
            }
            rd_kafka_poll(producer, 0)
        }
        precondition(rd_kafka_flush(producer, 60_000) == RD_KAFKA_RESP_ERR_NO_ERROR)
        return ContinuousClock.now - start
    }

    /// Consumes `count` messages in a new group, reading the `traceparent` header of each; timed from the first message.
    static func consume(bootstrap: String, topic: String, group: String, count: Int) -> Duration {
        let consumer = client(
            RD_KAFKA_CONSUMER,
            ["bootstrap.servers": bootstrap, "group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": "true"]
        )
        defer { rd_kafka_destroy(consumer) }
        rd_kafka_poll_set_consumer(consumer)
        let list = rd_kafka_topic_partition_list_new(1)
        rd_kafka_topic_partition_list_add(list, topic, RD_KAFKA_PARTITION_UA)
        rd_kafka_subscribe(consumer, list)
        rd_kafka_topic_partition_list_destroy(list)
        var received = 0
        var start: ContinuousClock.Instant?
        var headerBytes = 0
        while received < count {
            guard let message = rd_kafka_consumer_poll(consumer, 100) else { continue }
            if message.pointee.err == RD_KAFKA_RESP_ERR_NO_ERROR {
                if start == nil { start = .now }
                var value: UnsafeRawPointer?
                var size = 0
                if rd_kafka_header_get_last(headersOf(message), "traceparent", &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR {
                    headerBytes += size
                }
                received += 1
            }
            rd_kafka_message_destroy(message)
        }
        let elapsed = ContinuousClock.now - (start ?? .now)
        precondition(headerBytes > 0)
        rd_kafka_consumer_close(consumer)
        return elapsed
    }

    private static func headersOf(_ message: UnsafeMutablePointer<rd_kafka_message_t>) -> OpaquePointer? {
        var headers: OpaquePointer?
        _ = rd_kafka_message_headers(message, &headers)
        return headers
    }
}
