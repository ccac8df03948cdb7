public import DiagnosticsServer
public import FlightRecorder
public import Kafka
public import Logging
public import Storage
public import TelemetryCore
public import TelemetryOTLP

/// Everything a commerce service reads from its environment, validated once in `main`.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `BIND_ADDRESS` | `127.0.0.1` | address of the public HTTP, gRPC and metrics listeners (`0.0.0.0` in a pod) |
/// | `HTTP_PORT` | per service | public HTTP port |
/// | `GRPC_PORT` | per service | internal gRPC port |
/// | `METRICS_PORT` | per service | `/metrics`, `/healthz`, `/readyz` |
/// | `LOG_LEVEL` | `info` | trace, debug, info, notice, warning, error, critical |
/// | `SHUTDOWN_DELAY_SECONDS` | `0` | how long `/readyz` reports 503 before draining starts |
/// | `SHUTDOWN_DRAIN_SECONDS` | `10` | the most time in-flight requests get to finish |
/// | `TASK_LEAK_AGE_SECONDS` | `300` | tracked tasks older than this are suspected leaks (long-lived names exempt) |
/// | `TASK_LEAK_EXEMPT_NAMES` | | comma-separated tracked-task names never flagged for age, besides the kit's listeners |
/// | `ADMIN_BIND_ADDRESS` / `ADMIN_PORT` / `ADMIN_TOKEN` | `127.0.0.1` / `6060` / none | the admin diagnostics port; see ``DiagnosticsConfiguration`` |
/// | `FLIGHT_RECORDER_BYTES` | `10485760` | the flight recorder's whole memory budget (at least 262144) |
/// | `FLIGHT_RECORDER_MIN_AGE_SECONDS` | `10` | records younger than this are evicted only when the budget leaves no choice |
/// | `FLIGHT_RECORDER_DIR` | `./.run/flightrecorder` | where automatic and SIGUSR2 dumps are written |
/// | `KAFKA_BROKERS` | | `host:port[,host:port]`; empty: an embedded mock cluster, started only when the service uses Kafka |
/// | `KAFKA_FETCH_WAIT_MAX_MS` | 10 when embedded, else 0 | consumers' `fetch.wait.max.ms`; 0 keeps librdkafka's 500 (set 10 for a `kafka-mock-broker`) |
/// | `DATABASE_URL` | | `postgres://...`; empty: SQLite `<DATA_DIR>/<name>.sqlite`, opened only when the service uses a database |
/// | `DATA_DIR` | `./.run/data` | where the embedded SQLite file lives |
/// | `OUTBOX_RETENTION_HOURS` | `24` | how long sent outbox rows are kept (see ``StorageRetention``) |
/// | `INBOX_RETENTION_HOURS` | `168` | how long the inbox remembers processed events: keep it above the topics' retention |
/// | `BAGGAGE_SPAN_ATTRIBUTES` | `commerce.order.id` | baggage keys copied onto every span (`none`: none) |
/// | `OTEL_*` | | see ``TelemetryConfiguration`` |
///
/// Port 0 asks the system for a free port; the bound ports are logged at start.
public struct ServiceConfiguration: Sendable, Equatable {
    /// The service's name (`service.name` unless `OTEL_SERVICE_NAME` says otherwise).
    public var name: String
    /// The listeners' address.
    public var bindAddress: String
    /// The public HTTP port.
    public var httpPort: Int
    /// The internal gRPC port.
    public var grpcPort: Int
    /// The metrics and health port.
    public var metricsPort: Int
    /// The log level.
    public var logLevel: Logger.Level
    /// Time between `/readyz` turning 503 and the listeners starting to drain.
    public var shutdownDelay: Duration
    /// The bound on draining in-flight requests.
    public var drainTimeout: Duration
    /// The age past which the leak watchdog suspects a tracked task.
    public var taskLeakAge: Duration
    /// Tracked-task names the watchdog never flags for age (the kit's listeners and these).
    public var longLivedTaskNames: Set<String>
    /// The OTLP export settings.
    public var telemetry: TelemetryConfiguration
    /// The admin diagnostics port.
    public var admin: DiagnosticsConfiguration
    /// The flight recorder's budget and dump directory.
    public var flightRecorder: FlightRecorderConfiguration
    /// The effective settings as `/debug/config` shows them (the runtime's values and the kit's variables).
    public var effectiveSettings: [String: String]
    /// Where the service's Kafka clients connect (`KAFKA_BROKERS`; embedded when empty).
    public var kafka: KafkaConfiguration
    /// `KAFKA_FETCH_WAIT_MAX_MS`: the consumers' `fetch.wait.max.ms`; default librdkafka's 500 ms, or 10 ms
    /// with the embedded broker (librdkafka's mock holds every empty fetch that long; see
    /// ``KafkaConsumerOptions/fetchWaitMax``). Set it to 10 when `KAFKA_BROKERS` names a `kafka-mock-broker`.
    public var kafkaFetchWaitMax: Duration?
    /// The service's database (`DATABASE_URL`, `DATA_DIR`).
    public var database: DatabaseConfiguration
    /// How long the outbox and inbox keep rows (`OUTBOX_RETENTION_HOURS`, `INBOX_RETENTION_HOURS`).
    public var retention: StorageRetention<ContinuousClock>.Configuration

    /// Default ports of one service; each service of the platform has its own.
    public struct Ports: Sendable {
        /// Public HTTP.
        public var http: Int
        /// Internal gRPC.
        public var grpc: Int
        /// Metrics and health.
        public var metrics: Int
        /// The admin diagnostics port (loopback). In a pod every service uses 6060; on one machine each
        /// service needs its own.
        public var admin: Int

        /// Creates default ports.
        public init(http: Int, grpc: Int, metrics: Int, admin: Int = 6060) {
            self.http = http
            self.grpc = grpc
            self.metrics = metrics
            self.admin = admin
        }
    }

    /// Reads and validates the environment.
    public init(name: String, version: String, defaultPorts: Ports, environment: [String: String]) throws(ConfigurationError) {
        let reader = EnvironmentReader(environment)
        self.name = name
        bindAddress = reader.string("BIND_ADDRESS") ?? "127.0.0.1"
        httpPort = try reader.port("HTTP_PORT", default: defaultPorts.http, allowingZero: true)
        grpcPort = try reader.port("GRPC_PORT", default: defaultPorts.grpc, allowingZero: true)
        metricsPort = try reader.port("METRICS_PORT", default: defaultPorts.metrics, allowingZero: true)
        let levels = Logger.Level.allCases.map(\.rawValue)
        logLevel = Logger.Level(rawValue: try reader.choice("LOG_LEVEL", levels, default: "info")) ?? .info
        shutdownDelay = .seconds(try reader.double("SHUTDOWN_DELAY_SECONDS", in: 0...300, default: 0))
        drainTimeout = .seconds(try reader.double("SHUTDOWN_DRAIN_SECONDS", in: 0...300, default: 10))
        taskLeakAge = .seconds(try reader.double("TASK_LEAK_AGE_SECONDS", in: 1...604_800, default: 300))
        let exempt = (reader.string("TASK_LEAK_EXEMPT_NAMES") ?? "").split(separator: ",").map { String($0.filter { !$0.isWhitespace }) }
        longLivedTaskNames = ServiceRuntime.kitLongLivedTaskNames.union(exempt.filter { !$0.isEmpty })
        telemetry = try TelemetryConfiguration(
            environment: reader, defaultServiceName: name, defaultServiceVersion: version,
            defaultBaggageSpanAttributes: Self.platformBaggageSpanAttributes
        )
        if let brokers = reader.string("KAFKA_BROKERS") {
            kafka = KafkaConfiguration(brokers: brokers, clientID: name)
        } else {
            kafka = KafkaConfiguration.embedded
            kafka.clientID = name
        }
        let fetchWait = try reader.double("KAFKA_FETCH_WAIT_MAX_MS", in: 0...300_000, default: kafka.isEmbedded ? 10 : 0)
        kafkaFetchWaitMax = fetchWait > 0 ? .milliseconds(Int64(fetchWait)) : nil
        database = try DatabaseConfiguration(environment: reader, name: name)
        retention = StorageRetention<ContinuousClock>.Configuration()
        retention.sentOutbox = .seconds(3600 * (try reader.double("OUTBOX_RETENTION_HOURS", in: 0...87_600, default: 24)))
        retention.inbox = .seconds(3600 * (try reader.double("INBOX_RETENTION_HOURS", in: 1...87_600, default: 168)))
        admin = try DiagnosticsConfiguration(environment: reader, defaultPort: defaultPorts.admin)
        flightRecorder = FlightRecorderConfiguration(
            budgetBytes: Int(try reader.double("FLIGHT_RECORDER_BYTES", in: Double(FlightRecorderConfiguration.minimumBudget)...17_179_869_184, default: 10_485_760)),
            minimumAge: .seconds(try reader.double("FLIGHT_RECORDER_MIN_AGE_SECONDS", in: 0...86_400, default: 10)),
            directory: reader.string("FLIGHT_RECORDER_DIR") ?? "./.run/flightrecorder"
        )
        let prefixes = Self.kitVariablePrefixes + [name.uppercased() + "_"]
        var settings = environment.filter { key, _ in prefixes.contains { key.hasPrefix($0) } }
        settings.merge([
            "service.name": telemetry.serviceName, "service.version": telemetry.serviceVersion,
            "BIND_ADDRESS": bindAddress, "HTTP_PORT": String(httpPort), "GRPC_PORT": String(grpcPort), "METRICS_PORT": String(metricsPort),
            "LOG_LEVEL": logLevel.rawValue, "ADMIN_BIND_ADDRESS": admin.bindAddress, "ADMIN_PORT": String(admin.port),
            "FLIGHT_RECORDER_BYTES": String(flightRecorder.budgetBytes), "FLIGHT_RECORDER_DIR": flightRecorder.directory,
            "FLIGHT_RECORDER_MIN_AGE_SECONDS": String(flightRecorder.minimumAge.components.seconds),
        ]) { _, computed in computed }
        effectiveSettings = settings
    }

    /// The environment variables `/debug/config` shows besides the computed values (secrets redacted there).
    static let kitVariablePrefixes = [
        "OTEL_", "ADMIN_", "FLIGHT_RECORDER_", "SHUTDOWN_", "SERVICE_", "DEPLOYMENT_", "K8S_", "DATABASE_", "KAFKA_", "DATA_DIR", "OUTBOX_", "INBOX_",
        "BAGGAGE_",
    ]

    /// The baggage keys every platform service copies onto its spans: the checkout saga's order id, so one
    /// order's spans are found by attribute in every service, consumers included.
    public static let platformBaggageSpanAttributes = ["commerce.order.id"]
}
