// kafka-bench: the Kafka wrapper against raw librdkafka on the same in-process mock broker.
//
//   kafka-bench [--messages N] [--in-flight N] [--sampler always_on|always_off|...]
//
// produce: KafkaProducer.send (PRODUCER span + traceparent injection, awaiting each delivery report,
//          --in-flight sends at once, default 1000) vs a raw rd_kafka_producev loop with the same key,
//          value and header. --sampler (default always_on) says whether each PRODUCER span is recorded.
// consume: KafkaConsumer (extract + CONSUMER span + trivial handler + manual commits) vs a raw
//          rd_kafka_consumer_poll loop reading the header; both timed from their first message.
import BenchSupport
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Synchronization
import TelemetryCore

let arguments = CommandLine.arguments
let count = arguments.firstIndex(of: "--messages").flatMap { Int(arguments[$0 + 1]) } ?? 20_000
let inFlight = arguments.firstIndex(of: "--in-flight").flatMap { Int(arguments[$0 + 1]) } ?? 1000
let sampler = arguments.firstIndex(of: "--sampler").map { arguments[$0 + 1] } ?? "always_on"
let value = [UInt8](repeating: 0x61, count: 100)
let traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

func report(_ name: String, kit: Duration, raw: Duration, target: Double) {
    let kitRate = Double(count) / (Double(kit.components.seconds) + Double(kit.components.attoseconds) / 1e18)
    let rawRate = Double(count) / (Double(raw.components.seconds) + Double(raw.components.attoseconds) / 1e18)
    let ratio = kitRate / rawRate
    print(
        "\(name): \(Int(kitRate)) msg/s (target: >= \(Int(target * 100))% of raw) ratio vs baseline (raw librdkafka \(Int(rawRate)) msg/s): "
            + String(format: "%.2f", ratio) + "x  " + (ratio >= target ? "MET" : "NOT MET")
    )
    fflush(nil)
}

let cluster = try KafkaMockCluster()
let configuration = KafkaConfiguration(brokers: cluster.bootstrapServers, clientID: "kafka-bench")
let telemetry = try BenchTelemetry.make(sampler: sampler)
let logger = BenchTelemetry.silentLogger

// --- produce ---
try cluster.createTopic("bench-raw", partitions: 4)
try cluster.createTopic("bench-kit", partitions: 4)
let raw = RawBaseline.produce(bootstrap: cluster.bootstrapServers, topic: "bench-raw", count: count, value: value, header: traceParent)
var producerOptions = KafkaProducerOptions()
producerOptions.statisticsInterval = nil
let producer = try KafkaProducer(configuration: configuration, options: producerOptions, tracer: telemetry.tracer, logger: logger)
let consumed = Atomic<Int>(0)
let firstConsumed = Mutex<ContinuousClock.Instant?>(nil)
let allConsumed = Mutex<ContinuousClock.Instant?>(nil)
var consumerOptions = KafkaConsumerOptions(groupID: "bench-kit-group", topics: ["bench-kit"])
consumerOptions.statisticsInterval = nil
consumerOptions.maxConcurrency = 100
let consumer = try KafkaConsumer(
    configuration: configuration, options: consumerOptions, deadLetterProducer: producer, tracer: telemetry.tracer, logger: logger
) { _ in
    let now = ContinuousClock.now
    firstConsumed.withLock { if $0 == nil { $0 = now } }
    if consumed.add(1, ordering: .relaxed).newValue == count { allConsumed.withLock { $0 = now } }
}

let group = ServiceGroup(services: [telemetry.service, producer], logger: logger)
try await withThrowingTaskGroup(of: Void.self) { tasks in
    tasks.addTask { try await group.run() }
    let start = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { sends in
        for index in 0..<count {
            if index >= inFlight { _ = try await sends.next() }
            sends.addTask { try await producer.send(topic: "bench-kit", key: Array("key-\(index % 100)".utf8), value: value) }
        }
        try await sends.waitForAll()
    }
    report("kafka produce with trace headers (\(inFlight) in flight, \(sampler))", kit: ContinuousClock.now - start, raw: raw, target: 0.7)

    // --- consume: the raw loop reads bench-kit too (same messages, same headers) in its own group ---
    let rawConsume = RawBaseline.consume(bootstrap: cluster.bootstrapServers, topic: "bench-kit", group: "bench-raw-group", count: count)
    let consumerGroup = ServiceGroup(services: [consumer], logger: logger)
    try await withThrowingTaskGroup(of: Void.self) { consuming in
        consuming.addTask { try await consumerGroup.run() }
        while allConsumed.withLock({ $0 }) == nil { try await Task.sleep(for: .milliseconds(10)) }
        await consumerGroup.triggerGracefulShutdown()
        try await consuming.waitForAll()
    }
    let kitConsume = allConsumed.withLock { $0! } - firstConsumed.withLock { $0! }
    report("kafka consume + extract + handler", kit: kitConsume, raw: rawConsume, target: 0.7)
    await group.triggerGracefulShutdown()
    try await tasks.waitForAll()
}
cluster.shutdown()
