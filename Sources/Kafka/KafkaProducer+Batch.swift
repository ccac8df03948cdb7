import Tracing
import TelemetryCore

extension KafkaProducer {
    /// Sends a batch of messages in one span and returns once every message has its delivery report: one
    /// result per message, in the batch's order.
    ///
    /// Following the OpenTelemetry messaging conventions for batches, the span is `send {topic}` (`send`
    /// when the batch spans topics) with `messaging.batch.message_count`, a child of the current context:
    /// a CLIENT span when every message has its own creation context, else a PRODUCER span (its context
    /// is the creation context of the messages without one).
    /// Each message carries its own ``KafkaOutgoingMessage/context``'s trace headers when it has one (the
    /// span links to that context), else the batch span's, formatted once for the whole batch. Messages
    /// are handed to librdkafka in order without blocking, so messages of one key keep their order.
    ///
    /// ```swift
    /// let results = await producer.send(rows.map { KafkaOutgoingMessage(topic: "orders", key: $0.key, value: $0.payload) })
    /// for (row, result) in zip(rows, results) where (try? result.get()) != nil { markSent(row) }
    /// ```
    ///
    /// A message fails alone (``KafkaError/Code/deliveryFailed``, ``KafkaError/Code/messageTooLarge``),
    /// except a full local queue: that message and every later one fail with ``KafkaError/Code/queueFull``
    /// without being handed over, so none overtakes a refused one.
    /// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/messaging/messaging-spans/#batching
    public func send(_ batch: [KafkaOutgoingMessage]) async -> [Result<KafkaDelivery, KafkaError>] {
        guard let first = batch.first else { return [] }
        let singleTopic = batch.allSatisfy { $0.topic == first.topic }
        let topicInstruments = instruments.forTopic(first.topic)
        let name = singleTopic ? topicInstruments.sendOperationName : "send"
        let kind: SpanKind = batch.allSatisfy { $0.context != nil } ? .client : .producer
        let span = tracer.startSpan(name, context: ServiceContext.current ?? .topLevel, ofKind: kind)
        defer { span.end() }
        if span.isRecording {
            span.attributes["messaging.system"] = "kafka"
            if singleTopic { span.attributes["messaging.destination.name"] = first.topic }
            span.attributes["messaging.operation.name"] = "send"
            span.attributes["messaging.operation.type"] = "send"
            span.attributes["messaging.batch.message_count"] = batch.count
            for message in batch { if let context = message.context { span.addLink(SpanLink(context: context, attributes: [:])) } }
        }
        var shared = KafkaHeaders()
        tracer.inject(span.context, into: &shared, using: PropagationCarrierInjector<KafkaHeaders>())
        let results = await produce(batch, shared: shared)
        count(results, of: batch, span: span)
        return results
    }

    /// `messaging.client.sent.messages` (successes per topic, failures per topic and error type) and the span's status.
    private func count(_ results: [Result<KafkaDelivery, KafkaError>], of batch: [KafkaOutgoingMessage], span: any Span) {
        var topic = batch[0].topic
        var sent = 0
        var firstFailure: KafkaError?
        for (message, result) in zip(batch, results) {
            if message.topic != topic {
                if sent > 0 { instruments.forTopic(topic).sent.increment(by: sent) }
                topic = message.topic
                sent = 0
            }
            switch result {
            case .success: sent += 1
            case .failure(let error):
                instruments.failed(topic: message.topic, error: error).increment()
                if firstFailure == nil { firstFailure = error }
            }
        }
        if sent > 0 { instruments.forTopic(topic).sent.increment(by: sent) }
        guard let firstFailure else { return }
        span.recordError(firstFailure)
        span.setStatus(SpanStatus(code: .error))
        if span.isRecording { span.attributes["error.type"] = firstFailure.code.description }
    }
}
