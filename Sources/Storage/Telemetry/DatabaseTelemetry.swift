import CoreMetrics
import Synchronization
import Tracing

/// Spans and metrics around every statement a backend runs.
///
/// A CLIENT span named by `db.query.summary` with `db.system.name`, `db.namespace`,
/// `db.operation.name`, `db.query.summary`, the sanitised `db.query.text`, `server.address` and
/// `server.port` (PostgreSQL), and `error.type` on failure; and the timer
/// `db.client.operation.duration` (labels `db.system.name`, `db.operation.name`, `error.type`).
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/database/database-spans/
final class DatabaseTelemetry: Sendable {
    /// `db.client.operation.duration`; Prometheus shows `db_client_operation_duration_seconds`.
    static let durationName = "db.client.operation.duration"

    private struct TimerKey: Hashable {
        var operation: Substring
        var errorType: String?
    }

    let tracer: any Tracer
    let system: SQLDialect
    let namespace: String
    let serverAddress: String?
    let serverPort: Int?
    private let factory: any MetricsFactory
    private let timers = Mutex<[TimerKey: CoreMetrics.Timer]>([:])
    private let sanitizedTexts = Mutex<[String: String]>([:])

    init(
        tracer: any Tracer, metricsFactory: any MetricsFactory, system: SQLDialect, namespace: String,
        serverAddress: String? = nil, serverPort: Int? = nil
    ) {
        self.tracer = tracer
        self.factory = metricsFactory
        self.system = system
        self.namespace = namespace
        self.serverAddress = serverAddress
        self.serverPort = serverPort
    }

    /// Runs `body` (which executes `query`) inside its span and timer.
    func traced<Result>(_ query: DatabaseQuery, _ body: () async throws(DatabaseError) -> Result) async throws(DatabaseError) -> Result {
        let start = ContinuousClock.now
        let span = tracer.startAnySpan(query.summary, context: ServiceContext.current ?? .topLevel, ofKind: .client)
        defer { span.end() }
        if span.isRecording {
            let text = sanitizedText(query.sql)
            span.updateAttributes { attributes in
                attributes["db.system.name"] = system.rawValue
                attributes["db.namespace"] = namespace
                attributes["db.operation.name"] = String(query.operationName)
                attributes["db.query.summary"] = query.summary
                attributes["db.query.text"] = text
                if let serverAddress { attributes["server.address"] = serverAddress }
                if let serverPort { attributes["server.port"] = serverPort }
            }
        }
        do {
            let result = try await body()
            record(start, operation: query.operationName, errorType: nil, span: span)
            return result
        } catch {
            span.attributes["error.type"] = error.code.rawValue
            if let sqlState = error.sqlState { span.attributes["db.response.status_code"] = sqlState }
            span.recordError(error)
            span.setStatus(SpanStatus(code: .error))
            record(start, operation: query.operationName, errorType: error.code.rawValue, span: span)
            throw error
        }
    }

    private func record(_ start: ContinuousClock.Instant, operation: Substring, errorType: String?, span: any Span) {
        let key = TimerKey(operation: operation, errorType: errorType)
        let timer = timers.withLock { cache in
            if let timer = cache[key] { return timer }
            var dimensions = [("db.system.name", system.rawValue), ("db.operation.name", String(operation))]
            if let errorType { dimensions.append(("error.type", errorType)) }
            let timer = CoreMetrics.Timer(label: Self.durationName, dimensions: dimensions, factory: factory)
            cache[key] = timer
            return timer
        }
        let elapsed = (ContinuousClock.now - start).components
        ServiceContext.$current.withValue(span.context) {
            timer.recordNanoseconds(elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000)
        }
    }

    private func sanitizedText(_ sql: String) -> String {
        if let cached = sanitizedTexts.withLock({ $0[sql] }) { return cached }
        let text = QueryText.sanitized(sql)
        sanitizedTexts.withLock { cache in
            if cache.count < 2048 { cache[sql] = text }
        }
        return text
    }
}
