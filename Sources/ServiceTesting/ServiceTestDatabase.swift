import Foundation
import Logging
import Metrics
package import Storage
import Tracing

/// A fresh database with Storage's outbox/inbox and the service's `migrations` applied, for one test.
package enum ServiceTestDatabase {
    static let logger = Logger(label: "service-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Runs `body` on a new database of `backend` with Storage's tables and `migrations` (recorded under
    /// `component`) applied; the database is dropped afterwards.
    /// - Throws: ``MissingPostgreSQL`` for `.postgresql` when `POSTGRES_TEST_URL` is not set.
    @discardableResult
    package static func with<Result: Sendable>(
        _ backend: TestBackend, migrations: [Migration], component: String = "service",
        _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
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
                throw MissingPostgreSQL()
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

/// `.postgresql` was asked for but no server was started for the tests.
package struct MissingPostgreSQL: Error, CustomStringConvertible {
    package var description: String { "POSTGRES_TEST_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL" }
}
