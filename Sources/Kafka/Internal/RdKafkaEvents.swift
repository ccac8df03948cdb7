import CRdKafka
import Logging

/// The Swift side of one handle's librdkafka callbacks (errors, logs, statistics, rebalances).
///
/// librdkafka callbacks cannot capture, so the handle's opaque points at this object
/// (`Unmanaged.passUnretained`); the owning ``RdKafkaClient`` keeps it alive longer than the handle.
final class RdKafkaEvents: Sendable {
    typealias Rebalance = @Sendable (OpaquePointer, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?) -> Void

    let health: KafkaHealth
    let logger: Logger
    let onStatistics: (@Sendable (KafkaStatistics) -> Void)?
    let onRebalance: Rebalance?
    /// Offset commit results (the same shape: the handle, the error, the offsets).
    let onCommit: Rebalance?

    init(
        health: KafkaHealth,
        logger: Logger,
        onStatistics: (@Sendable (KafkaStatistics) -> Void)? = nil,
        onRebalance: Rebalance? = nil,
        onCommit: Rebalance? = nil
    ) {
        self.health = health
        self.logger = logger
        self.onStatistics = onStatistics
        self.onRebalance = onRebalance
        self.onCommit = onCommit
    }

    static func from(_ opaque: UnsafeMutableRawPointer?) -> RdKafkaEvents? {
        opaque.map { Unmanaged<RdKafkaEvents>.fromOpaque($0).takeUnretainedValue() }
    }

    static let errorCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafeMutableRawPointer?) -> Void = {
        _, code, reason, opaque in
        guard let events = from(opaque) else { return }
        let error = rd_kafka_resp_err_t(code)
        let name = String(cString: rd_kafka_err2name(error))
        let text = reason.map { String(cString: $0) } ?? ""
        if error == RD_KAFKA_RESP_ERR__ALL_BROKERS_DOWN {
            events.health.brokerStateChanged(reachable: false)
        }
        events.logger.warning("librdkafka error", metadata: ["kafka.error": "\(name)", "kafka.reason": "\(text)"])
    }

    static let logCallback: @convention(c) (OpaquePointer?, Int32, UnsafePointer<CChar>?, UnsafePointer<CChar>?) -> Void = {
        handle, level, facility, message in
        guard let handle, let events = from(rd_kafka_opaque(handle)) else { return }
        let text = message.map { String(cString: $0) } ?? ""
        let facility = facility.map { String(cString: $0) } ?? ""
        let logLevel: Logger.Level = switch level {
        case ...3: .error
        case 4: .warning
        case 5, 6: .info
        default: .debug
        }
        events.logger.log(level: logLevel, "librdkafka \(facility): \(text)")
    }

    static let statisticsCallback: @convention(c) (OpaquePointer?, UnsafeMutablePointer<CChar>?, Int, UnsafeMutableRawPointer?) -> Int32 = {
        _, json, length, opaque in
        guard let events = from(opaque), let json else { return 0 }
        let bytes = UnsafeRawBufferPointer(start: json, count: length)
        if let statistics = KafkaStatistics(json: bytes) {
            events.health.brokerStateChanged(reachable: statistics.anyBrokerUp)
            events.onStatistics?(statistics)
        }
        return 0  // librdkafka frees the JSON.
    }

    static let deliveryCallback: @convention(c) (OpaquePointer?, UnsafePointer<rd_kafka_message_t>?, UnsafeMutableRawPointer?) -> Void = {
        _, message, opaque in
        guard let message, let slot = message.pointee._private else { return }
        let error = message.pointee.err
        if error == RD_KAFKA_RESP_ERR_NO_ERROR {
            from(opaque)?.health.brokerStateChanged(reachable: true)
            BatchDelivery.delivered(slot, .success(KafkaDelivery(partition: message.pointee.partition, offset: message.pointee.offset)))
        } else {
            BatchDelivery.delivered(slot, .failure(KafkaError(code: .deliveryFailed, message: "delivery failed", responseError: error)))
        }
    }

    static let rebalanceCallback:
        @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
            handle, error, partitions, opaque in
            guard let handle, let events = from(opaque), let onRebalance = events.onRebalance else { return }
            onRebalance(handle, error, partitions)
        }

    static let commitCallback:
        @convention(c) (OpaquePointer?, rd_kafka_resp_err_t, UnsafeMutablePointer<rd_kafka_topic_partition_list_t>?, UnsafeMutableRawPointer?) -> Void = {
            handle, error, partitions, opaque in
            guard let handle, let events = from(opaque), let onCommit = events.onCommit else { return }
            onCommit(handle, error, partitions)
        }
}
