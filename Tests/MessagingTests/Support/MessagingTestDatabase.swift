import Foundation
import Logging
import Metrics
import Storage
import Testing
import Tracing

/// The backends the consumer tests run against: SQLite always, PostgreSQL when `POSTGRES_TEST_URL`
/// is set (or under CI, where its absence fails).
enum MessagingBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    static var available: [MessagingBackend] {
        let environment = ProcessInfo.processInfo.environment
        return environment["POSTGRES_TEST_URL"] != nil || environment["CI"] != nil ? [.sqlite, .postgresql] : [.sqlite]
    }
}

/// A fresh migrated database (Storage's outbox and inbox, plus an `effects` table) for one test.
enum MessagingTestDatabase {
    static let logger = Logger(label: "messaging-tests") { _ in SwiftLogNoOpLogHandler() }

    static func with<Result: Sendable>(
        _ backend: MessagingBackend, tracer: any Tracer = NoOpTracer(), metrics: any MetricsFactory = NOOPMetricsHandler.instance,
        _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result? {
        let name = "m_\(UInt64.random(in: 0...UInt64.max))"
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("messaging-tests-\(name)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await SQLiteDatabase.open(
                path: directory.appendingPathComponent("\(name).sqlite").path, logger: logger, tracer: tracer, metricsFactory: metrics
            )
            return try await running(database, body)
        case .postgresql:
            return try await withPostgres(tracer: tracer, metrics: metrics) { database, _ in try await body(database) }
        }
    }

    /// A fresh PostgreSQL database through `POSTGRES_TEST_URL`; `body` also gets its `DATABASE_URL`.
    static func withPostgres<Result: Sendable>(
        tracer: any Tracer = NoOpTracer(), metrics: any MetricsFactory = NOOPMetricsHandler.instance,
        _ body: @Sendable (any Database, String) async throws -> Result
    ) async throws -> Result? {
        guard let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"], !url.isEmpty else {
            Issue.record("POSTGRES_TEST_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL")
            return nil
        }
        let name = "m_\(UInt64.random(in: 0...UInt64.max))"
        let admin = try PostgresSettings(url: url, variable: "POSTGRES_TEST_URL")
        try await adminQuery(admin, "CREATE DATABASE \(name)")
        var settings = admin
        settings.database = name
        let database = PostgresDatabase(settings: settings, logger: logger, tracer: tracer, metricsFactory: metrics)
        let databaseURL = "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(name)?sslmode=disable"
        do {
            let result = try await running(database) { try await body($0, databaseURL) }
            try await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
            return result
        } catch {
            try? await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
            throw error
        }
    }

    private static func running<Result: Sendable>(
        _ database: any Database, _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            try await StorageSchema.migrator.migrate(database)
            try await database.query("CREATE TABLE effects (event_id TEXT NOT NULL, note TEXT NOT NULL)")
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

/// The number of rows in `effects` for `eventID`.
func effectCount(_ database: any Database, eventID: String) async throws -> Int {
    let rows = try await database.query("SELECT count(*) AS n FROM effects WHERE event_id = $1", [.text(eventID)])
    return Int(try rows.first?.integer("n") ?? 0)
}
