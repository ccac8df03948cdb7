public import CoreMetrics
import Foundation
import NIOCore
import NIOPosix
public import Logging
import SQLiteNIO
import ServiceLifecycle
public import Tracing

/// The embedded store: one SQLite file in WAL mode with one connection, so one writer at a time
/// (transactions start with `BEGIN IMMEDIATE`; other processes wait up to the busy timeout).
///
/// ```swift
/// let database = try await SQLiteDatabase.open(path: "./.run/data/orders.sqlite", logger: logger)
/// ```
public final class SQLiteDatabase: Database {
    /// Always `.sqlite`.
    public var dialect: SQLDialect { .sqlite }
    /// The database file.
    public let path: String

    private let connection: SQLiteConnection
    /// The connection's own thread: a statement waiting for another process's write lock blocks it,
    /// so it must not be a thread other databases (or this one's lock holder elsewhere) need.
    private let threadPool: NIOThreadPool
    private let lock = AsyncLock()
    private let telemetry: DatabaseTelemetry
    private let gauge: ConnectionGauge

    private init(
        path: String, connection: SQLiteConnection, threadPool: NIOThreadPool, telemetry: DatabaseTelemetry, gauge: ConnectionGauge
    ) {
        self.path = path
        self.connection = connection
        self.threadPool = threadPool
        self.telemetry = telemetry
        self.gauge = gauge
    }

    /// Opens (creating when missing, with its directory) the file at `path` in WAL mode.
    public static func open(
        path: String,
        logger: Logger,
        busyTimeout: Duration = .seconds(10),
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) async throws -> SQLiteDatabase {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw DatabaseError(code: .invalidConfiguration, message: "cannot create the directory \(directory) for \(path)")
            }
        }
        let threadPool = NIOThreadPool(numberOfThreads: 1)
        threadPool.start()
        let connection: SQLiteConnection
        do {
            connection = try await SQLiteConnection.open(
                storage: .file(path: path), threadPool: threadPool, logger: logger, on: MultiThreadedEventLoopGroup.singleton.any()
            )
        } catch {
            try? await threadPool.shutdownGracefully()
            throw DatabaseError.sqlite(error)
        }
        let timeout = busyTimeout.components.seconds * 1000 + busyTimeout.components.attoseconds / 1_000_000_000_000_000
        do {
            _ = try await SQLiteTransaction.execute("PRAGMA busy_timeout = \(timeout)", on: connection)
            _ = try await SQLiteTransaction.execute("PRAGMA journal_mode = WAL", on: connection)
            _ = try await SQLiteTransaction.execute("PRAGMA synchronous = NORMAL", on: connection)
            _ = try await SQLiteTransaction.execute("PRAGMA foreign_keys = ON", on: connection)
        } catch {
            let closed: EventLoopFuture<Void> = connection.close()
            try? await closed.get()
            try? await threadPool.shutdownGracefully()
            throw error
        }
        let gauge = ConnectionGauge(system: .sqlite, factory: metricsFactory)
        gauge.opened()
        let name = ((path as NSString).lastPathComponent as NSString).deletingPathExtension
        let telemetry = DatabaseTelemetry(tracer: tracer, metricsFactory: metricsFactory, system: .sqlite, namespace: name)
        return SQLiteDatabase(path: path, connection: connection, threadPool: threadPool, telemetry: telemetry, gauge: gauge)
    }

    /// Keeps the file open until graceful shutdown, then closes it.
    public func run() async throws {
        try? await gracefulShutdown()
        try await close()
    }

    /// Closes the connection (also from a cancelled task); later calls fail.
    public func close() async throws {
        try await lock.withLock {
            do {
                // The future-returning close runs even when the calling task is cancelled (the async one
                // would throw CancellationError and leave the handle open).
                let closed: EventLoopFuture<Void> = connection.close()
                try await closed.get()
                gauge.closed()
                threadPool.shutdownGracefully { _ in }
            } catch {
                throw DatabaseError.sqlite(error)
            }
        }
    }

    /// Runs `body` between `BEGIN IMMEDIATE` and `COMMIT`; `ROLLBACK` when it throws.
    public func withTransaction<Result: Sendable>(
        _ body: (any DatabaseTransaction) async throws -> Result
    ) async throws -> Result {
        try await leased {
            _ = try await SQLiteTransaction.execute("BEGIN IMMEDIATE", on: connection)
            let result: Result
            let commitActions = CommitActions()
            do {
                result = try await body(SQLiteTransaction(connection: connection, telemetry: telemetry, commitActions: commitActions))
            } catch {
                _ = try? await SQLiteTransaction.execute("ROLLBACK", on: connection)
                throw error
            }
            do {
                _ = try await SQLiteTransaction.execute("COMMIT", on: connection)
            } catch {
                _ = try? await SQLiteTransaction.execute("ROLLBACK", on: connection)
                throw error
            }
            commitActions.run()
            return result
        }
    }

    /// Runs one statement on its own.
    @discardableResult
    public func query(_ query: DatabaseQuery) async throws -> [DatabaseRow] {
        try await leased {
            try await SQLiteTransaction.run(query, on: connection, telemetry: telemetry)
        }
    }

    private func leased<Result>(_ body: () async throws -> Result) async throws -> Result {
        try await lock.withLock {
            gauge.leased()
            defer { gauge.released() }
            return try await body()
        }
    }
}
