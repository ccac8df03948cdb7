public import CoreMetrics
public import Logging
public import Tracing

extension DatabaseConfiguration {
    /// Opens the configured database: a PostgreSQL pool (connecting lazily once it runs) or the SQLite file.
    public func open(
        logger: Logger,
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) async throws -> any Database {
        switch self {
        case .postgresql(let settings):
            return PostgresDatabase(settings: settings, logger: logger, tracer: tracer, metricsFactory: metricsFactory)
        case .sqlite(let path):
            return try await SQLiteDatabase.open(path: path, logger: logger, tracer: tracer, metricsFactory: metricsFactory)
        }
    }
}
