// Outbox relay figures on PostgreSQL (issue 3): events per second draining a backlog of --events rows
// (default 20 000), against a baseline doing the relay's minimum round trips bare (select a batch, mark it
// in one UPDATE), and end-to-end publish lag (enqueue -> publish) p50/p99 under a steady load. Every phase
// is bounded (--phase-seconds, default 90): a phase that runs out prints how far it got, never hangs.
// Run by `bash scripts/bench.sh outbox`, which starts PostgreSQL (fsync=off).
//
//   outbox-bench postgres://user@127.0.0.1:PORT/db [--events N] [--phase-seconds N] [--rate N] [--seconds N]
import Foundation
import Logging
import Metrics
import Storage
import Synchronization
import Tracing

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: outbox-bench POSTGRES_URL [--events N] [--phase-seconds N] [--rate N] [--seconds N]")
    exit(2)
}
func option(_ name: String, _ fallback: Int) -> Int {
    arguments.firstIndex(of: name).flatMap { $0 + 1 < arguments.count ? Int(arguments[$0 + 1]) : nil } ?? fallback
}
let settings = try PostgresSettings(url: arguments[1], variable: "POSTGRES_URL")
let logger = Logger(label: "outbox-bench") { _ in SwiftLogNoOpLogHandler() }
let backlogSize = option("--events", 20_000)
let phaseLimit = Duration.seconds(option("--phase-seconds", 90))
let rate = option("--rate", 500)
let loadSeconds = option("--seconds", 10)
let aggregates = 200
let batchSize = 100

/// Remembers the publish lag of every message; publishes batches in one call (a no-op broker).
final class LagPublisher: OutboxPublisher {
    let lags = Mutex<[Int64]>([])

    func publish(_ message: OutboxMessage) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        lags.withLock { $0.append(now - message.createdAt) }
    }

    func publish(_ batch: [OutboxPublication]) async -> [Result<Void, any Error>] {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        lags.withLock { lags in for publication in batch { lags.append(now - publication.message.createdAt) } }
        return Array(repeating: .success(()), count: batch.count)
    }
}

func message(_ index: Int, run: String) -> OutboxMessage {
    OutboxMessage(
        id: "\(run)-\(index)", aggregateID: "agg-\(index % aggregates)", topic: "orders", eventType: "order.updated",
        payload: Array(repeating: UInt8(ascii: "x"), count: 256), headers: ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
    )
}

/// Enqueues the backlog, 500 rows per transaction; returns rows per second.
func fillBacklog(_ database: any Database, run: String) async throws -> Double {
    let store = OutboxStore(tracer: NoOpTracer())
    let start = ContinuousClock.now
    for first in stride(from: 0, to: backlogSize, by: 500) {
        try await database.withTransaction { tx in
            for index in first..<min(first + 500, backlogSize) { try await store.enqueue(message(index, run: run), in: tx) }
        }
    }
    return Double(backlogSize) / (ContinuousClock.now - start).seconds
}

/// The relay's minimum round trips without its rules: select a batch of pending rows, mark it in one UPDATE.
func bareDrain(_ database: any Database, until deadline: ContinuousClock.Instant) async throws -> Int {
    var drained = 0
    while ContinuousClock.now < deadline {
        let rows = try await database.query(
            "SELECT seq, id, aggregate_id, topic, message_key, event_type, payload, headers, created_at, attempts FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1",
            [.integer(Int64(batchSize))]
        )
        if rows.isEmpty { break }
        let seqs = rows.map { $0["seq"] ?? .null }
        let placeholders = seqs.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        try await database.query("UPDATE outbox SET sent_at = $1 WHERE seq IN (\(placeholders))", [.integer(1)] + seqs)
        drained += rows.count
    }
    return drained
}

/// Enqueues `rate` events per second for `loadSeconds`, one transaction each, on schedule.
func steadyLoad(_ database: any Database) async throws {
    let store = OutboxStore(tracer: NoOpTracer())
    let loadStart = ContinuousClock.now
    for index in 0..<(rate * loadSeconds) {
        let due = loadStart + .microseconds(index * 1_000_000 / rate)
        if due > .now { try await Task.sleep(until: due) }
        try await database.withTransaction { tx in try await store.enqueue(message(index, run: "lag"), in: tx) }
    }
}

func percentile(_ values: [Int64], _ fraction: Double) -> Double {
    let sorted = values.sorted()
    guard !sorted.isEmpty else { return .nan }
    return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * fraction))]) / 1000
}

let database = PostgresDatabase(settings: settings, logger: logger, tracer: NoOpTracer(), metricsFactory: NOOPMetricsHandler.instance)
try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask { try await database.run() }
    defer { group.cancelAll() }
    try await StorageSchema.migrator.migrate(database)
    try await database.query("DELETE FROM outbox")

    // 1. Baseline: the bare drain of a backlog.
    let insertRate = try await fillBacklog(database, run: "bare")
    var start = ContinuousClock.now
    let bare = try await bareDrain(database, until: start + phaseLimit)
    let bareRate = Double(bare) / (ContinuousClock.now - start).seconds
    try await database.query("DELETE FROM outbox")

    // 2. The relay draining the same backlog (a no-op publisher: the relay's own cost on PostgreSQL).
    _ = try await fillBacklog(database, run: "relay")
    let publisher = LagPublisher()
    var configuration = OutboxRelay<ContinuousClock>.Configuration()
    configuration.batchSize = batchSize
    configuration.pollInterval = .milliseconds(10)
    let relay = OutboxRelay(
        database: database, publisher: publisher, configuration: configuration, logger: logger, tracer: NoOpTracer(),
        metricsFactory: NOOPMetricsHandler.instance
    )
    start = ContinuousClock.now
    var relayed = 0
    while ContinuousClock.now < start + phaseLimit, case let claimed = try await relay.relayBatch(), claimed > 0 { relayed += claimed }
    let relayElapsed = ContinuousClock.now - start
    let relayRate = Double(relayed) / relayElapsed.seconds
    print(
        String(
            format: "outbox.relay throughput: %.0f events/s (target: none, reported) ratio vs baseline (bare SELECT batch + one UPDATE loop, %.0f events/s): %.2fx",
            relayRate, bareRate, relayRate / bareRate
        ) + (relayed < backlogSize ? "  (DID NOT FINISH: \(relayed) of \(backlogSize) in \(phaseLimit))" : "")
    )
    print("    \(relayed) events in \(String(format: "%.2f", relayElapsed.seconds)) s, \(aggregates) aggregates, batch \(batchSize), 256-byte payloads, no-op batch publisher")
    print(String(format: "    baseline detail: bare drain %d events; enqueue (INSERT, 500 rows per transaction) %.0f rows/s", bare, insertRate))
    try await database.query("DELETE FROM outbox")

    // 3. Lag under a steady load: `rate` events/s for `loadSeconds`, each in its own transaction, relay polling every 10 ms.
    publisher.lags.withLock { $0.removeAll() }
    group.addTask { try await relay.run() }
    try await steadyLoad(database)
    let expected = rate * loadSeconds
    let drainDeadline = ContinuousClock.now + phaseLimit
    while publisher.lags.withLock({ $0.count }) < expected, ContinuousClock.now < drainDeadline { try await Task.sleep(for: .milliseconds(20)) }
    let lags = publisher.lags.withLock { $0 }
    let p99 = percentile(lags, 0.99)
    print(
        String(format: "outbox.publish.lag p99: %.2f ms (target: none, reported) ratio vs baseline (poll interval, 10 ms): %.2fx", p99, p99 / 10)
            + (lags.count < expected ? "  (DID NOT FINISH: \(lags.count) of \(expected) published)" : "")
    )
    print(String(format: "    p50 %.2f ms, max %.2f ms over %d events at %d events/s for %d s", percentile(lags, 0.5), percentile(lags, 1.0), lags.count, rate, loadSeconds))
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
