import Foundation
import Kafka
import Logging
import Messaging
import CoreMetrics
import Storage
import Testing
import Tracing

/// The backends the store tests run against: SQLite always, PostgreSQL when `POSTGRES_TEST_URL` is set
/// (or under CI, where its absence fails).
enum ServiceBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    static var available: [ServiceBackend] {
        let environment = ProcessInfo.processInfo.environment
        return environment["POSTGRES_TEST_URL"] != nil || environment["CI"] != nil ? [.sqlite, .postgresql] : [.sqlite]
    }
}

/// A fresh database with Storage's outbox/inbox and the service's `migrations` applied, for one test.
enum ServiceTestDatabase {
    static let logger = Logger(label: "service-tests") { _ in SwiftLogNoOpLogHandler() }

    static func with<Result: Sendable>(
        _ backend: ServiceBackend, migrations: [Migration], _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result? {
        let name = "s_\(UInt64.random(in: 0...UInt64.max))"
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("service-tests-\(name)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await SQLiteDatabase.open(
                path: directory.appendingPathComponent("\(name).sqlite").path, logger: logger, tracer: NoOpTracer(),
                metricsFactory: NOOPMetricsHandler.instance
            )
            return try await running(database, migrations: migrations, body)
        case .postgresql:
            guard let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"], !url.isEmpty else {
                Issue.record("POSTGRES_TEST_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL")
                return nil
            }
            let admin = try PostgresSettings(url: url, variable: "POSTGRES_TEST_URL")
            try await adminQuery(admin, "CREATE DATABASE \(name)")
            var settings = admin
            settings.database = name
            let database = PostgresDatabase(settings: settings, logger: logger, tracer: NoOpTracer(), metricsFactory: NOOPMetricsHandler.instance)
            do {
                let result = try await running(database, migrations: migrations, body)
                try await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    private static func running<Result: Sendable>(
        _ database: any Database, migrations: [Migration], _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            try await StorageSchema.migrator.migrate(database)
            try await Migrator(component: "service", migrations: migrations).migrate(database)
            let result = try await body(database)
            if let sqlite = database as? SQLiteDatabase { try await sqlite.close() }
            return result
        }
    }

    private static func adminQuery(_ settings: PostgresSettings, _ sql: String) async throws {
        let database = PostgresDatabase(settings: settings, logger: logger, tracer: NoOpTracer(), metricsFactory: NOOPMetricsHandler.instance)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            try await database.query(sql)
        }
    }
}

/// Delivers envelopes to an ``EventConsumer`` as Kafka messages would arrive (the consumer's real
/// decode -> inbox -> handler path, without a broker).
struct EnvelopeDelivery: Sendable {
    let consumer: EventConsumer
    let codec = EventCodec()

    /// Delivers `envelope` on `topic` (keyed by `key`).
    func deliver<E: Event>(_ envelope: EventEnvelope<E>, topic: String, key: String) async throws {
        let message = KafkaMessage(topic: topic, partition: 0, offset: 0, key: Array(key.utf8), value: try codec.encode(envelope))
        try await consumer.handle(message)
    }
}

/// Outbox rows of `eventType` for `aggregateID`.
func outboxCount(_ database: any Database, eventType: String, aggregateID: String) async throws -> Int {
    let rows = try await database.query(
        "SELECT count(*) AS n FROM outbox WHERE event_type = $1 AND aggregate_id = $2", [.text(eventType), .text(aggregateID)]
    )
    return Int(try rows.first?.integer("n") ?? 0)
}
