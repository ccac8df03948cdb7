// kafka-bench: the Kafka wrapper against raw librdkafka on the same in-process mock broker.
//
//   kafka-bench [--messages N] [--rounds N] [--batch N] [--batches-in-flight N] [--in-flight N] [--sampler always_on|always_off|...]
//
// produce: KafkaProducer.send(_ batch:) (one PRODUCER span per batch of --batch messages, default 1000,
//          the traceparent formatted once per batch and injected into every message, one suspension per
//          batch; --batches-in-flight at once, default 100 = the local queue's 100k messages, the raw loop's only bound; all under one parent span) vs a raw
//          rd_kafka_producev loop with the same keys, values and header; --rounds (default 7) alternate
//          the two, medians reported, both warmed up (connection, topic metadata) first. Detail: the single-message
//          KafkaProducer.send (a span per message, awaiting each delivery report, --in-flight sends at
//          once, default 1000) to its own topic. --sampler (default always_on) says whether spans are recorded.
// consume: KafkaConsumer (extract + CONSUMER span + trivial handler + manual commits) vs a raw
//          rd_kafka_consumer_poll loop reading the header; both timed from their first message.
import BenchSupport
import Foundation
import Kafka
import Logging
import ServiceLifecycle
import Synchronization
import TelemetryCore
import Tracing

let arguments = CommandLine.arguments
let count = arguments.firstIndex(of: "--messages").flatMap { Int(arguments[$0 + 1]) } ?? 20_000
let inFlight = arguments.firstIndex(of: "--in-flight").flatMap { Int(arguments[$0 + 1]) } ?? 1000
let batchSize = arguments.firstIndex(of: "--batch").flatMap { Int(arguments[$0 + 1]) } ?? 1000
let batchesInFlight = arguments.firstIndex(of: "--batches-in-flight").flatMap { Int(arguments[$0 + 1]) } ?? 100
let rounds = max(1, arguments.firstIndex(of: "--rounds").flatMap { Int(arguments[$0 + 1]) } ?? 7)
let sampler = arguments.firstIndex(of: "--sampler").map { arguments[$0 + 1] } ?? "always_on"
let value = [UInt8](repeating: 0x61, count: 100)
let traceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"

func seconds(_ duration: Duration) -> Double {
    Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
}

func median(_ durations: [Duration]) -> Duration {
    durations.sorted()[durations.count / 2]
}

func report(_ name: String, kit: Duration, raw: Duration, target: Double) {
    let kitRate = Double(count) / seconds(kit)
    let rawRate = Double(count) / seconds(raw)
    let ratio = kitRate / rawRate
    print(
        "\(name): \(Int(kitRate)) msg/s (target: >= \(Int(target * 100))% of raw) ratio vs baseline (raw librdkafka \(Int(rawRate)) msg/s): "
            + String(format: "%.2f", ratio) + "x  " + (ratio >= target ? "MET" : "NOT MET")
    )
    print(String(format: "    per message: %.0f ns (raw %.0f ns), %d messages of %d bytes", seconds(kit) / Double(count) * 1e9, seconds(raw) / Double(count) * 1e9, count, value.count))
    fflush(nil)
}

/// Sends `count` messages to `topic` in batches of `batchSize`, `batchesInFlight` batches at once, under one parent span.
func produceBatches(_ producer: KafkaProducer, topic: String) async throws {
    try await telemetry.tracer.withSpan("produce \(count) messages", ofKind: .internal) { _ in
        try await withThrowingTaskGroup(of: Void.self) { sends in
            for (number, first) in stride(from: 0, to: count, by: batchSize).enumerated() {
                if number >= batchesInFlight { _ = try await sends.next() }
                sends.addTask {
                    var batch: [KafkaOutgoingMessage] = []
                    batch.reserveCapacity(batchSize)
                    for index in first..<min(first + batchSize, count) {
                        batch.append(KafkaOutgoingMessage(topic: topic, key: Array("key-\(index % 100)".utf8), value: value))
                    }
                    for result in await producer.send(batch) { _ = try result.get() }
                }
            }
            try await sends.waitForAll()
        }
    }
}

let cluster = try KafkaMockCluster()
let configuration = KafkaConfiguration(brokers: cluster.bootstrapServers, clientID: "kafka-bench")
let telemetry = try BenchTelemetry.make(sampler: sampler)
let logger = BenchTelemetry.silentLogger

// --- produce ---
try cluster.createTopic("bench-raw", partitions: 4)
try cluster.createTopic("bench-kit", partitions: 4)
try cluster.createTopic("bench-kit-single", partitions: 4)
let firstRaw = RawBaseline.produce(bootstrap: cluster.bootstrapServers, topic: "bench-raw", count: count, value: value, header: traceParent)
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
    // Warm-up, as the raw loop has: the connection and each topic's metadata (a first message to a topic the
    // producer has not seen waits ~1 s for metadata on the mock) outside the figures.
    for topic in ["bench-kit", "bench-kit-single"] {
        for result in await producer.send([KafkaOutgoingMessage(topic: topic, key: nil, value: value)]) { _ = try result.get() }
    }
    // Rounds alternate the raw loop and the batch send (on 2 shared cores one run of ~50 ms is noise); medians are reported.
    var raws = [firstRaw]
    var batches: [Duration] = []
    for round in 0..<rounds {
        if round > 0 { raws.append(RawBaseline.produce(bootstrap: cluster.bootstrapServers, topic: "bench-raw", count: count, value: value, header: traceParent)) }
        let start = ContinuousClock.now
        try await produceBatches(producer, topic: "bench-kit")
        batches.append(ContinuousClock.now - start)
    }
    let raw = median(raws)
    let batched = median(batches)
    report(
        "kafka produce with trace headers (median of \(rounds) rounds, batch send, \(batchSize) per batch, \(batchesInFlight) batches in flight, \(sampler))", kit: batched, raw: raw,
        target: 0.7
    )
    print("    rounds (ms, raw/batch): " + zip(raws, batches).map { String(format: "%.1f/%.1f", seconds($0) * 1000, seconds($1) * 1000) }.joined(separator: " "))
    let singleStart = ContinuousClock.now
    try await withThrowingTaskGroup(of: Void.self) { sends in
        for index in 0..<count {
            if index >= inFlight { _ = try await sends.next() }
            sends.addTask { try await producer.send(topic: "bench-kit-single", key: Array("key-\(index % 100)".utf8), value: value) }
        }
        try await sends.waitForAll()
    }
    let single = ContinuousClock.now - singleStart
    print(
        "    detail: single-message send (a span and a delivery wait per message, \(inFlight) in flight): \(Int(Double(count) / seconds(single))) msg/s, "
            + String(format: "%.2fx raw, %.0f ns per message", seconds(raw) / seconds(single), seconds(single) / Double(count) * 1e9)
    )

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
