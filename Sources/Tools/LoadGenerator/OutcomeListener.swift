import CommerceEvents
import Kafka
import Logging
import Messaging

/// Consumes `order.confirmed` and `order.failed` in a consumer group of its own, starting at the end of
/// each partition, and tells the recorder when each order's saga ended.
struct OutcomeListener {
    let producer: KafkaProducer
    let consumer: KafkaConsumer

    /// - Parameter fetchWait: `fetch.wait.max.ms` (librdkafka's mock holds each fetch this long; 10 ms suits it).
    init(brokers: String, fetchWait: Duration?, recorder: LoadRecorder, logger: Logger) throws {
        let configuration = KafkaConfiguration(brokers: brokers, clientID: "loadgen")
        producer = try KafkaProducer(configuration: configuration, logger: logger)
        var options = KafkaConsumerOptions(groupID: "loadgen-\(UInt32.random(in: 0...UInt32.max))", topics: [OrderConfirmed.topic, OrderFailed.topic])
        options.autoOffsetReset = "latest"
        options.maxConcurrency = 64
        options.maxInFlight = 10_000
        options.statisticsInterval = nil
        options.fetchWaitMax = fetchWait
        options.shutdownTimeout = .seconds(2)
        let codec = EventCodec()
        consumer = try KafkaConsumer(configuration: configuration, options: options, deadLetterProducer: producer, logger: logger) { message in
            let now = ContinuousClock.now
            if message.topic == OrderConfirmed.topic, let event = try? codec.decode(OrderConfirmed.self, from: message.value) {
                recorder.completed(orderID: event.data.orderID, at: now, outcome: .confirmed)
            } else if message.topic == OrderFailed.topic, let event = try? codec.decode(OrderFailed.self, from: message.value) {
                recorder.completed(orderID: event.data.orderID, at: now, outcome: .failed(reason: event.data.reason))
            }
        }
    }
}
