// Outbox relay figures on PostgreSQL (issue 3): events per second draining a backlog, against a
// baseline doing the same round trips bare, and end-to-end publish lag (enqueue -> publish) p99
// under a steady load. Run by `bash scripts/bench.sh outbox`, which starts PostgreSQL (fsync=off).
//
//   outbox-bench postgres://user@127.0.0.1:PORT/db
import Foundation
import Logging
import Metrics
import Storage
import Synchronization
import Tracing

let arguments = CommandLine.arguments
guard arguments.count >= 2 else {
    print("usage: outbox-bench POSTGRES_URL")
    exit(2)
}
let settings = try PostgresSettings(url: arguments[1], variable: "POSTGRES_URL")
let logger = Logger(label: "outbox-bench") { _ in SwiftLogNoOpLogHandler() }
let backlogSize = 20_000
let aggregates = 200
let batchSize = 100

/// Remembers the publish lag of every message.
final class LagPublisher: OutboxPublisher {
    let lags = Mutex<[Int64]>([])
    func publish(_ message: OutboxMessage) async throws {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        lags.withLock { $0.append(now - message.createdAt) }
    }
}

func message(_ index: Int, run: String) -> OutboxMessage {
    OutboxMessage(
        id: "\(run)-\(index)", aggregateID: "agg-\(index % aggregates)", topic: "orders", eventType: "order.updated",
        payload: Array(repeating: UInt8(ascii: "x"), count: 256), headers: ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"]
    )
}

func fillBacklog(_ database: any Database, run: String) async throws {
    let store = OutboxStore(tracer: NoOpTracer())
    for start in stride(from: 0, to: backlogSize, by: 500) {
        try await database.withTransaction { tx in
            for index in start..<min(start + 500, backlogSize) { try await store.enqueue(message(index, run: run), in: tx) }
        }
    }
}

/// The same work without the relay's rules: read a batch of pending rows, "publish", mark each sent.
func bareDrain(_ database: any Database) async throws -> Int {
    var drained = 0
    while true {
        let rows = try await database.query(
            "SELECT seq, id, aggregate_id, topic, message_key, event_type, payload, headers, created_at, attempts FROM outbox WHERE sent_at IS NULL ORDER BY seq LIMIT $1",
            [.integer(Int64(batchSize))]
        )
        if rows.isEmpty { return drained }
        for row in rows {
            try await database.query("UPDATE outbox SET sent_at = $1 WHERE seq = $2", [.integer(1), row["seq"] ?? .null])
        }
        drained += rows.count
    }
}

/// Enqueues `rate` events per second for `seconds`, one transaction each, on schedule.
func steadyLoad(_ database: any Database, rate: Int, seconds: Int) async throws {
    let store = OutboxStore(tracer: NoOpTracer())
    let loadStart = ContinuousClock.now
    for index in 0..<(rate * seconds) {
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

    // 1. Baseline: bare drain of a backlog.
    try await fillBacklog(database, run: "bare")
    var start = ContinuousClock.now
    let bare = try await bareDrain(database)
    let bareRate = Double(bare) / (ContinuousClock.now - start).seconds

    // 2. The relay draining the same backlog.
    try await fillBacklog(database, run: "relay")
    let publisher = LagPublisher()
    var configuration = OutboxRelay<ContinuousClock>.Configuration()
    configuration.batchSize = batchSize
    configuration.pollInterval = .milliseconds(10)
    let relay = OutboxRelay(database: database, publisher: publisher, configuration: configuration, logger: logger, tracer: NoOpTracer(), metricsFactory: NOOPMetricsHandler.instance)
    start = ContinuousClock.now
    var relayed = 0
    while case let claimed = try await relay.relayBatch(), claimed > 0 { relayed += claimed }
    let relayRate = Double(relayed) / (ContinuousClock.now - start).seconds
    print(String(format: "outbox.relay throughput: %.0f events/s ratio vs baseline (bare select + update loop, %.0f events/s): %.2fx", relayRate, bareRate, relayRate / bareRate))
    print("    \(relayed) events, \(aggregates) aggregates, batch \(batchSize), 256-byte payloads, no-op publisher, PostgreSQL fsync=off on loopback")

    // 3. Lag under a steady load: 500 events/s for 10 s, each in its own transaction, relay polling every 10 ms.
    publisher.lags.withLock { $0.removeAll() }
    let rate = 500
    let seconds = 10
    group.addTask { try await relay.run() }
    try await steadyLoad(database, rate: rate, seconds: seconds)
    while publisher.lags.withLock({ $0.count }) < rate * seconds { try await Task.sleep(for: .milliseconds(20)) }
    let lags = publisher.lags.withLock { $0 }
    let p99 = percentile(lags, 0.99)
    print(String(format: "outbox.publish.lag p99: %.2f ms ratio vs baseline (poll interval, 10 ms): %.2fx", p99, p99 / 10))
    print(String(format: "    p50 %.2f ms, max %.2f ms over %d events at %d events/s", percentile(lags, 0.5), percentile(lags, 1.0), lags.count, rate))
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
