import CoreMetrics
import TelemetryCore
import Tracing

extension KafkaConsumer {
    /// Runs the handler for `message` in a CONSUMER span, with retries and dead-lettering.
    ///
    /// - Returns: Whether the message is done (handled or dead-lettered), so its offset may be committed;
    ///   false when shutdown cancelled it first.
    func process(_ message: KafkaMessage) async -> Bool {
        let topic = instruments.forTopic(message.topic)
        var context = ServiceContext.topLevel
        tracer.extract(message.headers, into: &context, using: PropagationCarrierExtractor<KafkaHeaders>())
        let span = tracer.startSpan(topic.processOperationName, context: context, ofKind: .consumer)
        defer { span.end() }
        if span.isRecording {
            span.attributes["messaging.system"] = "kafka"
            span.attributes["messaging.destination.name"] = message.topic
            span.attributes["messaging.operation.name"] = "process"
            span.attributes["messaging.operation.type"] = "process"
            span.attributes["messaging.consumer.group.name"] = options.groupID
            span.attributes["messaging.destination.partition.id"] = String(message.partition)
            span.attributes["messaging.kafka.offset"] = Int(message.offset)
            if let key = message.keyString { span.attributes["messaging.kafka.message.key"] = key }
        }
        let start = ContinuousClock.now
        let outcome = await ServiceContext.withValue(span.context) {
            await attempt(message, span: span, topic: topic)
        }
        let elapsed = ContinuousClock.now - start
        switch outcome {
        case .handled:
            topic.consumed.increment()
            topic.processDuration.recordNanoseconds(elapsed.nanoseconds)
            return true
        case .deadLettered(let kind):
            span.attributes["error.type"] = kind.rawValue
            span.setStatus(SpanStatus(code: .error))
            topic.consumed.increment()
            topic.failedProcessDuration.recordNanoseconds(elapsed.nanoseconds)
            return true
        case .abandoned:
            span.attributes["error.type"] = "cancelled"
            return false
        }
    }

    enum Outcome {
        case handled
        case deadLettered(KafkaFailureKind)
        case abandoned
    }

    private func attempt(_ message: KafkaMessage, span: any Span, topic: KafkaConsumerInstruments.Topic) async -> Outcome {
        let size = message.value.count + (message.key?.count ?? 0)
        if size > options.maxMessageBytes {
            let reason = "message of \(size) bytes exceeds maxMessageBytes \(options.maxMessageBytes)"
            return await deadLetter(message, reason: reason, kind: .permanent, attempts: 0, topic: topic)
        }
        var generator = SystemRandomNumberGenerator()
        var attempt = 1
        while true {
            do {
                try await handler(message)
                return .handled
            } catch {
                span.recordError(error, attributes: ["messaging.kafka.attempt": .int64(Int64(attempt))])
                let kind = KafkaHandlerError.kind(of: error)
                if Task.isCancelled { return .abandoned }
                if kind == .permanent || attempt >= options.retry.maxAttempts {
                    let reason = KafkaHandlerError.reason(of: error)
                    return await deadLetter(message, reason: reason, kind: kind, attempts: attempt, topic: topic)
                }
                topic.retries.increment()
                do {
                    try await clock.sleep(for: options.retry.delay(afterAttempt: attempt, using: &generator))
                } catch {
                    return .abandoned
                }
                attempt += 1
            }
        }
    }

    /// Publishes the original message to `<topic>.dlq` with the `dlq.*` headers, retrying until it is
    /// acknowledged or shutdown cancels it.
    private func deadLetter(
        _ message: KafkaMessage,
        reason: String,
        kind: KafkaFailureKind,
        attempts: Int,
        topic: KafkaConsumerInstruments.Topic
    ) async -> Outcome {
        var headers = message.headers
        headers.append(name: "dlq.reason", value: reason)
        headers.append(name: "dlq.error.kind", value: kind.rawValue)
        headers.append(name: "dlq.original.topic", value: message.topic)
        headers.append(name: "dlq.original.partition", value: String(message.partition))
        headers.append(name: "dlq.original.offset", value: String(message.offset))
        headers.append(name: "dlq.attempts", value: String(attempts))
        headers.append(name: "dlq.consumer.group", value: options.groupID)
        var generator = SystemRandomNumberGenerator()
        var failures = 0
        while !Task.isCancelled {
            do {
                try await deadLetterProducer.send(
                    topic: message.topic + options.deadLetterSuffix, key: message.key, value: message.value, headers: headers
                )
                topic.deadLettered(kind).increment()
                logger.warning(
                    "message dead-lettered",
                    metadata: [
                        "messaging.destination.name": "\(message.topic)", "messaging.kafka.offset": "\(message.offset)",
                        "dlq.reason": "\(reason)", "dlq.error.kind": "\(kind.rawValue)",
                    ]
                )
                return .deadLettered(kind)
            } catch {
                failures += 1
                logger.error("dead-letter publish failed", metadata: ["error": "\(error)"])
                do {
                    try await clock.sleep(for: options.retry.delay(afterAttempt: min(failures, 10), using: &generator))
                } catch {
                    return .abandoned
                }
            }
        }
        return .abandoned
    }
}
