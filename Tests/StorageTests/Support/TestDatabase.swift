import Foundation
import Logging
import Metrics
import MetricsTestKit
import Storage
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

/// A fresh, migrated database of one backend for one test: a new PostgreSQL database (created and
/// dropped through `POSTGRES_TEST_URL`) or a new SQLite file, with a recording tracer and test metrics.
struct TestDatabase: Sendable {
    let backend: StorageBackend
    let recorder = RecordingTracer()
    let metrics = TestMetrics()
    /// Where a second handle on the same database connects (for concurrent-start tests).
    let location: Location

    enum Location: Sendable {
        case postgresql(PostgresSettings)
        case sqlite(String)
    }

    var tracer: KitTracer<RecordingTracer> { KitTracer(wrapping: recorder) }
    static let logger = Logger(label: "storage-tests") { _ in SwiftLogNoOpLogHandler() }

    /// Opens another handle on the same database (its own pool or connection) and runs `body` with it.
    func withHandle<Result: Sendable>(
        migrate: Bool = false, _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
        let database: any Database =
            switch location {
            case .postgresql(let settings):
                PostgresDatabase(settings: settings, logger: Self.logger, tracer: tracer, metricsFactory: metrics)
            case .sqlite(let path):
                try await SQLiteDatabase.open(path: path, logger: Self.logger, tracer: tracer, metricsFactory: metrics)
            }
        return try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            if migrate { try await StorageSchema.migrator.migrate(database) }
            let result = try await body(database)
            if let sqlite = database as? SQLiteDatabase { try await sqlite.close() }
            return result
        }
    }

    /// Creates the database, runs `body` with a migrated handle on it, then removes the database.
    static func with<Result: Sendable>(
        _ backend: StorageBackend, migrate: Bool = true, _ body: @Sendable (TestDatabase, any Database) async throws -> Result
    ) async throws -> Result? {
        let name = "t_\(UInt64.random(in: 0...UInt64.max))"
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("storage-tests-\(name)")
            defer { try? FileManager.default.removeItem(at: directory) }
            let test = TestDatabase(backend: backend, location: .sqlite(directory.appendingPathComponent("\(name).sqlite").path))
            return try await test.withHandle(migrate: migrate) { try await body(test, $0) }
        case .postgresql:
            guard let url = StorageBackend.postgresURL else { return nil }
            let admin = try PostgresSettings(url: url, variable: "POSTGRES_TEST_URL")
            try await adminQuery(admin, "CREATE DATABASE \(name)")
            var settings = admin
            settings.database = name
            let test = TestDatabase(backend: backend, location: .postgresql(settings))
            do {
                let result = try await test.withHandle(migrate: migrate) { try await body(test, $0) }
                try await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
                return result
            } catch {
                try? await adminQuery(admin, "DROP DATABASE \(name) WITH (FORCE)")
                throw error
            }
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
