import Foundation
import Logging
import Metrics
import Storage
import Testing
import Tracing

@testable import Checkout

/// The backends the store's tests run against: SQLite always, PostgreSQL when scripts/test.sh started
/// one (`POSTGRES_TEST_URL`), or under CI (where its absence fails).
enum CheckoutTestBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    static var available: [CheckoutTestBackend] {
        let environment = ProcessInfo.processInfo.environment
        return environment["POSTGRES_TEST_URL"] != nil || environment["CI"] != nil ? [.sqlite, .postgresql] : [.sqlite]
    }
}

/// A fresh database of one backend with Storage's and Checkout's migrations applied, for one test.
enum CheckoutTestDatabase {
    static let logger = Logger(label: "checkout-tests") { _ in SwiftLogNoOpLogHandler() }

    static func with<Result: Sendable>(
        _ backend: CheckoutTestBackend, _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result? {
        let name = "checkout_\(UInt64.random(in: 0...UInt64.max))"
        switch backend {
        case .sqlite:
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent(name)
            defer { try? FileManager.default.removeItem(at: directory) }
            let database = try await SQLiteDatabase.open(
                path: directory.appendingPathComponent("checkout.sqlite").path, logger: logger, tracer: NoOpTracer(),
                metricsFactory: NOOPMetricsHandler.instance
            )
            return try await run(database, body)
        case .postgresql:
            guard let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"], !url.isEmpty else {
                Issue.record("POSTGRES_TEST_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL")
                return nil
            }
            let admin = try PostgresSettings(url: url, variable: "POSTGRES_TEST_URL")
            _ = try await run(postgres(admin), migrate: false) { try await $0.query("CREATE DATABASE \(name)") }
            var settings = admin
            settings.database = name
            let drop: @Sendable () async -> Void = {
                _ = try? await run(postgres(admin), migrate: false) { try await $0.query("DROP DATABASE \(name) WITH (FORCE)") }
            }
            do {
                let result = try await run(postgres(settings), body)
                await drop()
                return result
            } catch {
                await drop()
                throw error
            }
        }
    }

    static func postgres(_ settings: PostgresSettings) -> PostgresDatabase {
        PostgresDatabase(settings: settings, logger: logger, tracer: NoOpTracer(), metricsFactory: NOOPMetricsHandler.instance)
    }

    static func run<Result: Sendable>(
        _ database: any Database, migrate: Bool = true, _ body: @Sendable (any Database) async throws -> Result
    ) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await database.run() }
            defer { group.cancelAll() }
            if migrate {
                _ = try await StorageSchema.migrator.migrate(database)
                _ = try await Migrator(component: "checkout", migrations: CheckoutSchema.migrations).migrate(database)
            }
            let result = try await body(database)
            if let sqlite = database as? SQLiteDatabase { try await sqlite.close() }
            return result
        }
    }
}
