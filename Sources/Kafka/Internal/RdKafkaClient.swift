import CRdKafka
import Logging

/// Owns one librdkafka client handle (`rd_kafka_t`) and destroys it.
///
/// `@unchecked Sendable`: the handle is an `OpaquePointer`, which Swift cannot check; librdkafka
/// documents `rd_kafka_t` as thread-safe for every call the wrapper makes (produce, poll, commit,
/// assign), and the handle is only destroyed in `deinit`, when no other reference exists.
final class RdKafkaClient: @unchecked Sendable {
    /// The `rd_kafka_t *`.
    let handle: OpaquePointer
    /// What the callbacks report to; the handle's opaque points at it, so it lives as long as the handle.
    let events: RdKafkaEvents

    /// Creates a producer or consumer handle with `properties`, wiring the callbacks to `events`.
    init(kind: rd_kafka_type_t, properties: [String: String], events: RdKafkaEvents) throws(KafkaError) {
        let conf = rd_kafka_conf_new()!
        var errorText = [CChar](repeating: 0, count: 512)
        for (name, value) in properties.sorted(by: { $0.key < $1.key }) {
            let result = rd_kafka_conf_set(conf, name, value, &errorText, errorText.count)
            guard result == RD_KAFKA_CONF_OK else {
                rd_kafka_conf_destroy(conf)
                throw KafkaError(code: .configuration, message: "\(name)=\(value): \(Self.text(errorText))")
            }
        }
        rd_kafka_conf_set_opaque(conf, Unmanaged.passUnretained(events).toOpaque())
        rd_kafka_conf_set_error_cb(conf, RdKafkaEvents.errorCallback)
        rd_kafka_conf_set_log_cb(conf, RdKafkaEvents.logCallback)
        if properties["statistics.interval.ms"].map({ $0 != "0" }) ?? false {
            rd_kafka_conf_set_stats_cb(conf, RdKafkaEvents.statisticsCallback)
        }
        if kind == RD_KAFKA_PRODUCER {
            rd_kafka_conf_set_dr_msg_cb(conf, RdKafkaEvents.deliveryCallback)
        } else {
            if events.onRebalance != nil { rd_kafka_conf_set_rebalance_cb(conf, RdKafkaEvents.rebalanceCallback) }
            if events.onCommit != nil { rd_kafka_conf_set_offset_commit_cb(conf, RdKafkaEvents.commitCallback) }
        }
        guard let handle = rd_kafka_new(kind, conf, &errorText, errorText.count) else {
            // On failure rd_kafka_new leaves `conf` to the caller.
            rd_kafka_conf_destroy(conf)
            throw KafkaError(code: .clientCreation, message: Self.text(errorText))
        }
        self.handle = handle
        self.events = events
        events.health.install { [weak self] in self?.answersMetadata(timeoutMilliseconds: 500) ?? false }
    }

    deinit {
        rd_kafka_destroy(handle)
    }

    /// Whether a broker answers a metadata request within the timeout. Blocks the calling thread.
    func answersMetadata(timeoutMilliseconds: Int32) -> Bool {
        var metadata: UnsafePointer<rd_kafka_metadata>?
        guard rd_kafka_metadata(handle, 0, nil, &metadata, timeoutMilliseconds) == RD_KAFKA_RESP_ERR_NO_ERROR else { return false }
        if let metadata { rd_kafka_metadata_destroy(metadata) }
        return true
    }

    static func text(_ buffer: [CChar]) -> String {
        buffer.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }
}
