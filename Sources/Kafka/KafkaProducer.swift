import CRdKafka
public import CoreMetrics
import Foundation
public import Logging
public import ServiceLifecycle
import Synchronization
import TelemetryCore
public import Tracing

/// A traced, idempotent Kafka producer: `send` returns once the broker acknowledged the message.
///
/// Run it as a `Service` (before its users in the `ServiceGroup`, so it stops after them): `run()` serves
/// delivery reports on a dedicated thread and, on graceful shutdown, flushes with ``KafkaProducerOptions/flushTimeout``.
///
/// ```swift
/// let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: "localhost:9092"))
/// let delivery = try await producer.send(topic: "orders", key: Array("order-1".utf8), value: payload)
/// ```
///
/// Each `send` records a PRODUCER span `send {topic}` (OpenTelemetry messaging conventions) and writes
/// `traceparent`, `tracestate` and `baggage` into the headers.
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/messaging/kafka/
public final class KafkaProducer: Service, Sendable {
    /// Whether a broker is reachable (for readiness) and the `messaging.kafka.broker.up` gauge.
    public let health: KafkaHealth
    let client: RdKafkaClient
    let options: KafkaProducerOptions
    let tracer: any Tracer
    let instruments: KafkaProducerInstruments
    private let stopping = Atomic<Bool>(false)

    /// Creates the producer; nothing is delivered until `run()` serves the delivery reports.
    public init(
        configuration: KafkaConfiguration,
        options: KafkaProducerOptions = KafkaProducerOptions(),
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        logger: Logger = Logger(label: "kafka.producer")
    ) throws(KafkaError) {
        guard !configuration.isEmbedded else {
            throw KafkaError(code: .configuration, message: "no brokers: start a KafkaMockCluster and use connected(to:)")
        }
        let health = KafkaHealth(clientID: configuration.clientID, role: "producer", metricsFactory: metricsFactory)
        self.health = health
        self.options = options
        self.tracer = tracer
        self.instruments = KafkaProducerInstruments(factory: metricsFactory)
        self.client = try RdKafkaClient(
            kind: RD_KAFKA_PRODUCER,
            properties: options.properties(configuration),
            events: RdKafkaEvents(health: health, logger: logger)
        )
    }

    /// Sends one message in its own PRODUCER span and waits for the broker's acknowledgement.
///
/// For many messages at once, ``send(_:)`` is far cheaper: one span, one suspension per batch.
    ///
    /// - Throws: ``KafkaError`` with ``KafkaError/Code/queueFull`` when the local queue is full,
    ///   ``KafkaError/Code/deliveryFailed`` when the broker rejected it or it timed out,
    ///   ``KafkaError/Code/shutDown`` after `run()` ended.
    @discardableResult
    public func send(topic: String, key: [UInt8]?, value: [UInt8], headers: KafkaHeaders = KafkaHeaders()) async throws -> KafkaDelivery {
        let topicInstruments = instruments.forTopic(topic)
        let span = tracer.startSpan(topicInstruments.sendOperationName, context: ServiceContext.current ?? .topLevel, ofKind: .producer)
        defer { span.end() }
        if span.isRecording {
            span.attributes["messaging.system"] = "kafka"
            span.attributes["messaging.destination.name"] = topic
            span.attributes["messaging.operation.name"] = "send"
            span.attributes["messaging.operation.type"] = "send"
            if let key { span.attributes["messaging.kafka.message.key"] = String(decoding: key, as: UTF8.self) }
        }
        var trace = KafkaHeaders()
        tracer.inject(span.context, into: &trace, using: PropagationCarrierInjector<KafkaHeaders>())
        do {
            let message = KafkaOutgoingMessage(topic: topic, key: key, value: value, headers: headers)
            let delivery = try await produce([message], shared: trace)[0].get()
            topicInstruments.sent.increment()
            if span.isRecording {
                span.attributes["messaging.destination.partition.id"] = String(delivery.partition)
                span.attributes["messaging.kafka.offset"] = Int(delivery.offset)
            }
            return delivery
        } catch {
            instruments.failed(topic: topic, error: error).increment()
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            if span.isRecording { span.attributes["error.type"] = error.code.description }
            throw error
        }
    }

    /// Serves delivery reports until graceful shutdown or cancellation, then flushes (bounded by
    /// ``KafkaProducerOptions/flushTimeout``) and fails whatever is still queued.
    public func run() async throws {
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                    let thread = Thread { [self] in
                        while !stopping.load(ordering: .relaxed) { rd_kafka_poll(client.handle, 100) }
                        drain()
                        continuation.resume()
                    }
                    thread.name = "kafka-producer-poll"
                    thread.start()
                }
            } onCancel: {
                self.stopping.store(true, ordering: .relaxed)
            }
        } onGracefulShutdown: {
            self.stopping.store(true, ordering: .relaxed)
        }
    }

    /// Flushes on the poll thread; purges what did not make it so every waiting `send` gets an answer.
    private func drain() {
        let flushed = rd_kafka_flush(client.handle, Int32(clamping: options.flushTimeout.milliseconds))
        if flushed != RD_KAFKA_RESP_ERR_NO_ERROR {
            rd_kafka_purge(client.handle, Int32(RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT))
            rd_kafka_poll(client.handle, 0)
        }
    }

    var isStopping: Bool { stopping.load(ordering: .relaxed) }
}
