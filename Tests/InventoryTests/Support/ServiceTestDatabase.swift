import Foundation
import Logging
import Metrics
import Storage
import Testing
import Tracing

/// The backends the service's store tests run against: SQLite always, PostgreSQL when scripts/test.sh
/// started one (`POSTGRES_TEST_URL`), or under CI, where its absence fails.
enum TestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    static var available: [TestBackend] {
        let environment = ProcessInfo.processInfo.environment
        return environment["POSTGRES_TEST_URL"] != nil || environment["CI"] != nil ? [.sqlite, .postgresql] : [.sqlite]
    }
}

/// A fresh database of one backend with Storage's tables and the service's migrations (seed data included).
enum ServiceTestDatabase {
    static let logger = Logger(label: "service-tests") { _ in SwiftLogNoOpLogHandler() }

    static func with<Result: Sendable>(
        _ backend: TestBackend, migrations: [Migration], component: String,
        _ body: @Sendable (any Database) async throws -> Result
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
            return try await running(database, migrations: migrations, component: component, body)
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
                let result = try await running(database, migrations: migrations, component: component, body)
                try await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
        }
    }

    private static func running<Result: Sendable>(
        _ database: any Database, migrations: [Migration], component: String, _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            try await StorageSchema.migrator.migrate(database)
            try await Migrator(component: component, migrations: migrations).migrate(database)
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

/// The event types and payloads (JSON text) in the outbox, oldest first.
func outboxEvents(_ database: any Database) async throws -> [(type: String, payload: String)] {
    try await database.query("SELECT event_type, payload FROM outbox ORDER BY seq").map { row in
        (try row.text("event_type") ?? "", String(decoding: try row.bytes("payload") ?? [], as: UTF8.self))
    }
}
