/// The `# HELP` text of each metric, by Prometheus name, with a fallback so every family has one.
///
/// swift-metrics instruments carry no description, so ``PrometheusMetricsBackend`` looks theirs up
/// here. The ``semanticConventions`` catalog covers the kit's own instruments; services add theirs:
///
/// ```swift
/// var help = MetricHelp.semanticConventions
/// help["orders_placed_total"] = "Orders accepted by the checkout service."
/// let backend = PrometheusMetricsBackend(help: help)
/// ```
public struct MetricHelp: Sendable, Hashable, ExpressibleByDictionaryLiteral {
    /// Help texts by Prometheus metric name (counters with their `_total` suffix).
    public var texts: [String: String]
    /// The text for names the catalog does not know (never empty, so `promtool` has nothing to flag).
    public var fallback: String

    /// The fallback used unless another one is given.
    public static let defaultFallback = "Instrument without a registered description."

    /// Creates a catalog.
    public init(_ texts: [String: String] = [:], fallback: String = MetricHelp.defaultFallback) {
        self.texts = texts
        self.fallback = fallback.isEmpty ? Self.defaultFallback : fallback
    }

    /// Creates a catalog from `name: help` pairs.
    public init(dictionaryLiteral elements: (String, String)...) {
        self.init(Dictionary(elements, uniquingKeysWith: { _, last in last }))
    }

    /// The help text for `name`: the catalog's, or the fallback. Setting an empty text removes it.
    public subscript(name: String) -> String {
        get { texts[name].flatMap { $0.isEmpty ? nil : $0 } ?? fallback }
        set { texts[name] = newValue.isEmpty ? nil : newValue }
    }

    /// This catalog with `other`'s texts added (`other` wins on conflicts).
    public func merging(_ other: MetricHelp) -> MetricHelp {
        MetricHelp(texts.merging(other.texts) { _, new in new }, fallback: fallback)
    }

    /// The kit's instruments (OpenTelemetry semantic conventions, Prometheus names) and Hummingbird's.
    ///
    /// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/http/http-metrics/,
    ///   https://opentelemetry.io/docs/specs/semconv/rpc/rpc-metrics/
    public static let semanticConventions = MetricHelp([
        "http_server_request_duration_seconds": "Duration of HTTP server requests.",
        "http_server_active_requests": "Number of active HTTP server requests.",
        "http_client_request_duration_seconds": "Duration of HTTP client requests.",
        "rpc_server_call_duration_seconds": "Duration of RPC calls handled by the server.",
        "rpc_client_call_duration_seconds": "Duration of RPC calls made by the client.",
        "db_client_operation_duration_seconds": "Duration of database client operations.",
        "db_client_connection_count": "Database client connections by state (idle, used).",
        "outbox_backlog": "Outbox rows not yet published.",
        "outbox_publish_lag_seconds": "Time from outbox enqueue to publish.",
        "outbox_published_total": "Outbox messages published.",
        "inbox_duplicates_skipped_total": "Redelivered events skipped because they were already processed.",
        "storage_retention_deleted_total": "Outbox and inbox rows deleted past their retention (label table).",
        "checkout_saga_steps_total": "Checkout saga events published, by step (event type).",
        "checkout_saga_compensations_total": "Saga compensations issued (inventory.release), by reason.",
        "checkout_saga_duration_seconds": "Time from an order's creation to its confirmation or failure, by outcome.",
        "otel_sdk_span_dropped_total": "Spans the SDK dropped before export (queue full or export failed).",
        "kit_tasks_live": "Tracked tasks alive now, by task name.",
        "kit_tasks_started_total": "Tracked tasks started, by task name.",
        "kit_tasks_duration_seconds": "Duration of finished tracked tasks, by task name.",
        "kit_tasks_leaks_suspected_total": "Tracked tasks the watchdog flagged as suspected leaks (past their deadline or older than the age threshold).",
        "messaging_client_sent_messages_total": "Kafka messages the producer sent (error_type set when delivery failed).",
        "messaging_client_consumed_messages_total": "Kafka messages the consumer processed (handled or dead-lettered).",
        "messaging_process_duration_seconds": "Duration of processing one Kafka message, retries included.",
        "messaging_kafka_consumer_lag": "Messages between the consumer's position and the partition's end (librdkafka statistics).",
        "messaging_kafka_dead_lettered_total": "Kafka messages published to the dead-letter topic.",
        "messaging_kafka_retries_total": "Retries of Kafka message handlers after transient failures.",
        "messaging_kafka_broker_up": "Whether the Kafka client reaches a broker (1) or not (0).",
        "kit_flightrecorder_dumps_total": "Flight recorder dumps, by trigger (http, sigusr2, readiness, latency_slo, http_5xx_burst...).",
        "kit_flightrecorder_dump_failures_total": "Flight recorder dumps that could not be written (full disk, unwritable directory).",
        "kit_flightrecorder_bytes": "Bytes of records the flight recorder holds (its budget is fixed at start).",
        "kit_circuit_breaker_state": "State of each dependency's circuit breaker: 0 closed, 1 half-open, 2 open.",
        "kit_retries_total": "Retries of calls to a dependency after transient failures, by how the retried attempt ended.",
        "hb_requests_total": "HTTP requests received by Hummingbird.",
        "hb_request_errors_total": "HTTP requests that Hummingbird answered with an error.",
    ])
}
