import Logging
public import Storage

extension ServiceRuntime {
    /// Opens the service's database (`DATABASE_URL`, else SQLite under `DATA_DIR`) and registers it to
    /// run in the service's `ServiceGroup`: at start it applies Storage's outbox/inbox migrations and
    /// then `migrations` (component = the service name); the outbox relay, the event consumers and
    /// the listeners start once that is done. `/readyz` checks the database. Sent outbox rows and old inbox
    /// rows are purged (``StorageRetention``, `OUTBOX_RETENTION_HOURS`, `INBOX_RETENTION_HOURS`).
    ///
    /// ```swift
    /// let database = try await runtime.database(migrations: CatalogSchema.migrations)
    /// ```
    /// Call it once, before ``run(router:grpcServices:services:)``.
    public func database(migrations: [Migration]) async throws -> any Database {
        if let database = resources.state.withLock({ $0.database }) { return database }
        let database = try await configuration.database.open(
            logger: Logger(label: "\(configuration.name).database"), tracer: tracer, metricsFactory: metricsFactory
        )
        let service = ServiceDatabase(
            database: database, component: configuration.name, migrations: migrations, gate: resources.gate, logger: logger
        )
        let retention = StorageRetention(
            database: database, configuration: configuration.retention, clock: ContinuousClock(),
            logger: Logger(label: "\(configuration.name).retention"), metricsFactory: metricsFactory
        )
        resources.state.withLock { state in
            state.database = database
            state.databaseService = service
            state.retention = retention
        }
        let gate = resources.gate
        readiness.register(ReadinessCheck(name: "database") {
            guard gate.isOpen else { return false }
            return (try? await database.query("SELECT 1", summary: "SELECT 1")) != nil
        })
        return database
    }
}
