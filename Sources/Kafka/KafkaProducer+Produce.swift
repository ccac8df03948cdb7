import CRdKafka
import TelemetryCore
import Tracing

extension KafkaProducer {
    /// Hands every message to librdkafka (`rd_kafka_produceva`, non-blocking) and suspends once, until
    /// all their delivery reports arrived; one result per message, in order.
    ///
    /// `shared` are the trace headers of messages without their own ``KafkaOutgoingMessage/context``,
    /// formatted once by the caller. When the local queue is full, that message and every later one of
    /// the batch fail with ``KafkaError/Code/queueFull`` without being handed over, so no later message
    /// overtakes a refused one; other refusals (e.g. too large) fail only their message.
    func produce(_ messages: [KafkaOutgoingMessage], shared: KafkaHeaders) async -> [Result<KafkaDelivery, KafkaError>] {
        guard !messages.isEmpty else { return [] }
        guard !isStopping else {
            return Array(repeating: .failure(KafkaError(code: .shutDown, message: "the producer is shut down")), count: messages.count)
        }
        return await withCheckedContinuation { continuation in
            let batch = BatchDelivery(count: messages.count, continuation: continuation)
            var refusedRest: KafkaError?
            for index in messages.indices {
                if let refusedRest {
                    batch.complete(index, .failure(refusedRest))
                    continue
                }
                let error = handOver(messages[index], shared: shared, opaque: batch.opaque(index))
                guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { continue }
                let failure = refusal(error, topic: messages[index].topic)
                if failure.code == .queueFull {
                    refusedRest = KafkaError(
                        code: .queueFull, message: "not handed over: an earlier message of the batch found the local queue full",
                        librdkafkaName: failure.librdkafkaName
                    )
                }
                batch.complete(index, .failure(failure))
            }
            batch.handedOver()
        }
    }

    /// One `rd_kafka_produceva` call: the message's headers (minus any the trace headers replace),
    /// then its own trace headers or the shared ones. On success librdkafka owns the headers list.
    private func handOver(_ message: KafkaOutgoingMessage, shared: KafkaHeaders, opaque: UnsafeMutableRawPointer) -> rd_kafka_resp_err_t {
        var own = KafkaHeaders()
        if let context = message.context { tracer.inject(context, into: &own, using: PropagationCarrierInjector<KafkaHeaders>()) }
        let trace = message.context == nil ? shared : own
        let total = message.headers.count + trace.count
        let list: OpaquePointer? = total == 0 ? nil : rd_kafka_headers_new(total)
        if let list {
            for header in message.headers where !trace.containsName(header.name) { Self.add(header, to: list) }
            for header in trace { Self.add(header, to: list) }
        }
        let error = message.value.withUnsafeBytes { value in
            withKey(message.key) { key in
                crdkafka_produceva(client.handle, message.topic, key?.baseAddress, key?.count ?? 0, value.baseAddress, value.count, list, opaque)
            }
        }
        if error != RD_KAFKA_RESP_ERR_NO_ERROR, let list { rd_kafka_headers_destroy(list) }
        return error
    }

    private func refusal(_ error: rd_kafka_resp_err_t, topic: String) -> KafkaError {
        switch error {
        case RD_KAFKA_RESP_ERR__QUEUE_FULL:
            KafkaError(
                code: .queueFull, message: "local queue full (\(options.maxQueuedMessages) messages, queue.buffering.max.messages)",
                responseError: error
            )
        case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE: KafkaError(code: .messageTooLarge, message: "producing to \(topic)", responseError: error)
        default: KafkaError(code: .deliveryFailed, message: "producing to \(topic)", responseError: error)
        }
    }

    /// Copies one header into `list` (librdkafka copies name and value); no Swift allocation for native strings.
    private static func add(_ header: KafkaHeaders.Header, to list: OpaquePointer) {
        header.value.withUnsafeBytes { value in
            let added = header.name.utf8.withContiguousStorageIfAvailable { name in
                name.withMemoryRebound(to: CChar.self) { name in
                    rd_kafka_header_add(list, name.baseAddress, name.count, value.baseAddress, value.count)
                }
            }
            if added == nil { _ = rd_kafka_header_add(list, header.name, -1, value.baseAddress, value.count) }
        }
    }

    private func withKey<Result>(_ key: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
        guard let key else { return body(nil) }
        return key.withUnsafeBytes { body($0) }
    }
}
