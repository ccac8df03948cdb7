import CRdKafka

extension KafkaProducer {
    /// Hands one message to librdkafka (non-blocking) and suspends until its delivery report.
    func produce(topic: String, key: [UInt8]?, value: [UInt8], headers: KafkaHeaders) async throws -> KafkaDelivery {
        guard !isStopping else { throw KafkaError(code: .shutDown, message: "the producer is shut down") }
        return try await withCheckedThrowingContinuation { continuation in
            let waiter = Unmanaged.passRetained(DeliveryWaiter(continuation))
            let list = rd_kafka_headers_new(headers.count)
            for header in headers {
                header.value.withUnsafeBytes { bytes in
                    _ = rd_kafka_header_add(list, header.name, -1, bytes.baseAddress, bytes.count)
                }
            }
            let error = value.withUnsafeBytes { valueBytes in
                withKey(key) { keyBytes in
                    crdkafka_produce(
                        client.handle, topic,
                        keyBytes?.baseAddress, keyBytes?.count ?? 0,
                        valueBytes.baseAddress, valueBytes.count,
                        list, waiter.toOpaque()
                    )
                }
            }
            guard error != RD_KAFKA_RESP_ERR_NO_ERROR else { return }
            rd_kafka_headers_destroy(list)
            let code: KafkaError.Code = switch error {
            case RD_KAFKA_RESP_ERR__QUEUE_FULL: .queueFull
            case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE: .messageTooLarge
            default: .deliveryFailed
            }
            let message = code == .queueFull
                ? "local queue full (\(options.maxQueuedMessages) messages, queue.buffering.max.messages)"
                : "producing to \(topic)"
            waiter.takeRetainedValue().complete(.failure(KafkaError(code: code, message: message, responseError: error)))
        }
    }

    private func withKey<Result>(_ key: [UInt8]?, _ body: (UnsafeRawBufferPointer?) -> Result) -> Result {
        guard let key else { return body(nil) }
        return key.withUnsafeBytes { body($0) }
    }
}
