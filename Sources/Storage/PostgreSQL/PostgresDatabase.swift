public import CoreMetrics
public import Logging
import PostgresNIO
import ServiceLifecycle
public import Tracing

/// PostgreSQL through postgres-nio's connection pool; run it as a `Service` before using it.
///
/// ```swift
/// let database = PostgresDatabase(settings: try PostgresSettings(url: url), logger: logger)
/// let group = ServiceGroup(services: [database, ...], logger: logger) // the database first
/// ```
public final class PostgresDatabase: Database {
    /// Always `.postgresql`.
    public var dialect: SQLDialect { .postgresql }
    /// The settings it connects with.
    public let settings: PostgresSettings

    private let client: PostgresClient
    private let telemetry: DatabaseTelemetry
    private let gauge: ConnectionGauge
    private let logger: Logger

    /// Creates the pool (no connection is opened until ``run()`` runs and a query asks for one).
    public init(
        settings: PostgresSettings,
        logger: Logger,
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.settings = settings
        self.logger = logger
        let gauge = ConnectionGauge(system: .postgresql, factory: metricsFactory)
        self.gauge = gauge
        self.telemetry = DatabaseTelemetry(
            tracer: tracer, metricsFactory: metricsFactory, system: .postgresql, namespace: settings.database,
            serverAddress: settings.host, serverPort: settings.port
        )
        let tls: PostgresClient.Configuration.TLS =
            switch settings.tls {
            case .disable: .disable
            case .prefer: .prefer(.makeClientConfiguration())
            case .require: .require(.makeClientConfiguration())
            }
        var configuration = PostgresClient.Configuration(
            host: settings.host, port: settings.port, username: settings.username, password: settings.password,
            database: settings.database, tls: tls
        )
        configuration.options.maximumConnections = settings.maximumConnections
        configuration.options.connectTimeout = .seconds(5)
        let poolLogger = Logger(label: logger.label) { _ in PoolEventLogHandler(inner: logger.handler, gauge: gauge) }
        self.client = PostgresClient(configuration: configuration, backgroundLogger: poolLogger)
    }

    /// Runs the connection pool until graceful shutdown (or cancellation).
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            await self.client.run()
        }
    }

    /// Runs `body` between `BEGIN` and `COMMIT` on one connection; `ROLLBACK` when it throws.
    public func withTransaction<Result: Sendable>(
        _ body: (any DatabaseTransaction) async throws -> Result
    ) async throws -> Result {
        try await withConnection { connection in
            _ = try await PostgresTransaction.execute("BEGIN", on: connection, logger: logger)
            let result: Result
            let commitActions = CommitActions()
            do {
                result = try await body(
                    PostgresTransaction(connection: connection, telemetry: telemetry, logger: logger, commitActions: commitActions)
                )
            } catch {
                _ = try? await PostgresTransaction.execute("ROLLBACK", on: connection, logger: logger)
                throw error
            }
            _ = try await PostgresTransaction.execute("COMMIT", on: connection, logger: logger)
            commitActions.run()
            return result
        }
    }

    /// Runs one statement on a pooled connection.
    @discardableResult
    public func query(_ query: DatabaseQuery) async throws -> [DatabaseRow] {
        try await withConnection { connection in
            try await PostgresTransaction.run(query, on: connection, telemetry: telemetry, logger: logger)
        }
    }

    private func withConnection<Result: Sendable>(_ body: (PostgresConnection) async throws -> Result) async throws -> Result {
        do {
            return try await client.withConnection { connection in
                gauge.leased()
                defer { gauge.released() }
                return try await body(connection)
            }
        } catch let error as PSQLError {
            throw DatabaseError.postgres(error)
        }
    }
}
