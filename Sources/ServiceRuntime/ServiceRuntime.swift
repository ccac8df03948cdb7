#if canImport(Glibc)
@preconcurrency import Glibc
#endif
public import CoreMetrics
public import DiagnosticsServer
public import FlightRecorder
public import GRPCCore
import GRPCNIOTransportHTTP2
import NIOPosix
public import Hummingbird
public import Logging
public import ServiceLifecycle
import TaskTracking
public import TelemetryCore
import TelemetryGRPC
import TelemetryHTTP
import TelemetryOTLP
import TelemetryPrometheus
import Tracing

/// What a commerce service's `main` uses: configuration, telemetry, listeners and graceful shutdown.
///
/// ```swift
/// let runtime = ServiceRuntime.bootstrap(name: "catalog", version: "1.0.0", ports: .init(http: 8080, grpc: 9090, metrics: 9464))
/// let router = runtime.makeRouter()
/// router.get("/products/:id") { request, context in ... }
/// try await runtime.run(router: router, grpcServices: [CatalogService()])
/// ```
///
/// A service with a database and Kafka asks for them before `run` (nothing is started for a service that
/// does not): the database is migrated at start, and the producer, outbox relay and consumers run before
/// the listeners and stop after them.
///
/// ```swift
/// let database = try await runtime.database(migrations: OrderSchema.migrations)
/// try runtime.relayOutbox()
/// try runtime.consumeEvents(group: "orders", topics: ["payments.captured"], handlers: handlers)
/// // in a handler: try await runtime.eventOutbox.enqueue(event, topic: "orders", aggregateID: id, in: tx)
/// ```
///
/// Listeners: public HTTP (Hummingbird, traced), internal gRPC (traced, deadlines propagated), a
/// metrics/health port (`/metrics`, `/healthz`, `/readyz`), and the loopback admin port (`/debug/*`).
/// The flight recorder is always on: every span (sampled or not), every log record, runtime samples;
/// it dumps on SIGUSR2, when `/readyz` turns unready, on a latency SLO breach or a burst of 5xx. On SIGTERM or SIGINT: `/readyz` turns 503,
/// the HTTP and gRPC listeners drain for at most `SHUTDOWN_DRAIN_SECONDS`, then telemetry flushes.
public struct ServiceRuntime: Sendable {
    /// The validated configuration.
    public let configuration: ServiceConfiguration
    /// The service's logger (JSON lines on stdout).
    public let logger: Logger
    /// The kit tracer (also bootstrapped globally).
    public let tracer: any IdentifyingTracer
    /// The metrics factory (also bootstrapped globally).
    public let metricsFactory: any MetricsFactory
    /// What `/readyz` reports; register dependency checks here.
    public let readiness: Readiness
    /// The always-on flight recorder (feed it task events with `record(taskEvent:)`; trigger dumps with `trigger(reason:)`).
    public let flightRecorder: FlightRecorder
    /// The log level the kit's handlers emit at (changed at runtime through `/debug/loglevel`).
    public let logLevel: RuntimeLogLevel
    /// Watches HTTP outcomes for a latency SLO breach or a 5xx burst.
    public let incidentDetectors: IncidentDetectors

    let telemetry: OTLPTelemetry
    let exposition: MetricsExposition
    let resources = ServiceResources()

    /// Reads the environment, bootstraps logging, metrics and tracing for the process, or exits with a
    /// message naming the bad variable. Call once, from `main`.
    public static func bootstrap(
        name: String,
        version: String,
        ports: ServiceConfiguration.Ports,
        environment: [String: String]
    ) -> ServiceRuntime {
        do {
            let configuration = try ServiceConfiguration(name: name, version: version, defaultPorts: ports, environment: environment)
            return try ServiceRuntime(configuration: configuration)
        } catch {
            FileDescriptorOutput.standardError.write("\(name): cannot start: \(error)\n")
            exit(78)  // EX_CONFIG
        }
    }

    init(configuration: ServiceConfiguration) throws {
        self.configuration = configuration
        let tracerReference = TracerReference()
        let metrics = PrometheusMetricsBackend(spanIdentity: { context in tracerReference.tracer?.identity(of: context) })
        MetricsSystem.bootstrap(metrics)
        let serviceName = configuration.telemetry.serviceName
        let level = configuration.logLevel
        let bootstrapLogger = Logger(label: "telemetry") { label in
            JSONLogHandler(label: label, serviceName: serviceName, logLevel: level)
        }
        let recorder = FlightRecorder(
            configuration: configuration.flightRecorder, serviceName: serviceName,
            resourceAttributes: [
                "service.version": configuration.telemetry.serviceVersion,
                "service.instance.id": configuration.telemetry.serviceInstanceID,
            ].merging(configuration.telemetry.resourceAttributes) { own, _ in own },
            metricsFactory: metrics
        )
        flightRecorder = recorder
        let runtimeLevel = RuntimeLogLevel(level)
        logLevel = runtimeLevel
        incidentDetectors = IncidentDetectors(recorder: recorder)
        TaskRegistry.shared.setObserver(FlightRecorderTaskObserver(recorder: recorder))
        telemetry = try OTLPTelemetry(
            configuration: configuration.telemetry, metricsFactory: metrics, logger: bootstrapLogger, spanRecorder: recorder
        )
        tracer = telemetry.tracer
        tracerReference.tracer = telemetry.tracer
        InstrumentationSystem.bootstrap(telemetry.tracer)
        let identify = telemetry.tracer
        let otlpLogs = telemetry.logHandlerFactory
        LoggingSystem.bootstrap({ label, _ in
            let json = JSONLogHandler(
                label: label, serviceName: serviceName, logLevel: .trace,
                metadataProvider: .traceIdentity(identify)
            )
            var emitted: any LogHandler = json
            if let otlpLogs {
                var otlp = otlpLogs(label)
                otlp.logLevel = .trace
                emitted = MultiplexLogHandler([json, otlp])
            }
            // Every record reaches the flight recorder; only those at the runtime level are emitted.
            return RecordingLogHandler(
                wrapping: emitted, label: label, recorder: recorder, level: runtimeLevel, identify: { identify.identity(of: $0) }
            )
        }, metadataProvider: nil)
        logger = Logger(label: configuration.name)
        metricsFactory = metrics
        readiness = Readiness()
        readiness.onTurningUnready { failing in recorder.trigger(reason: "readiness") }
        exposition = MetricsExposition { accept in
            let format = ExpositionFormat(accept: accept)
            return (format.contentType, metrics.render(format: format))
        }
    }

    /// A router for the public HTTP port with the kit's telemetry middleware installed.
    public func makeRouter() -> Router<ServiceRequestContext> {
        let router = Router(context: ServiceRequestContext.self)
        let detectors = incidentDetectors
        router.add(
            middleware: HTTPServerTelemetryMiddleware(
                tracer: tracer, metricsFactory: metricsFactory, serverPort: configuration.httpPort,
                outcome: { status, nanos in detectors.observe(status: status, durationNanos: nanos) }
            )
        )
        return router
    }

    /// The client interceptor every outgoing gRPC call of this service should use.
    public var grpcClientInterceptors: [any ClientInterceptor] {
        [TracingClientInterceptor(tracer: tracer, metricsFactory: metricsFactory)]
    }

    /// Runs the listeners and `services` until SIGTERM/SIGINT, then shuts down gracefully.
    /// - Parameters:
    ///   - router: The public HTTP routes (from ``makeRouter()``).
    ///   - grpcServices: The internal gRPC services; no gRPC listener when empty.
    ///   - services: Background work (consumers, relays); started after telemetry, stopped before it.
    ///   - diagnostics: More admin-port pages (tasks, threads, profiles) beside the built-in ones.
    public func run(
        router: Router<ServiceRequestContext>,
        grpcServices: [any RegistrableRPCService] = [],
        services: [any Service] = [],
        diagnostics: [any DiagnosticsEndpoint] = []
    ) async throws {
        let config = configuration
        let logger = logger
        @Sendable func listening(_ listener: String, address: String = config.bindAddress) -> @Sendable (Int) -> Void {
            { port in logger.info("listening", metadata: ["listener": .string(listener), "address": .string(address), "port": .stringConvertible(port)]) }
        }
        let admin = DiagnosticsServer(
            configuration: config.admin, serviceName: config.telemetry.serviceName,
            endpoints: diagnostics + builtInDiagnostics(), logger: logger,
            onListening: listening("admin", address: config.admin.bindAddress)
        )
        let operations = Application(
            router: OperationsRouter.make(readiness: readiness, metrics: exposition),
            configuration: .init(address: .hostname(config.bindAddress, port: config.metricsPort), serverName: nil),
            onServerRunning: { channel in listening("metrics")(channel.localAddress?.port ?? config.metricsPort) },
            logger: logger
        )
        let http = Application(
            router: router,
            configuration: .init(address: .hostname(config.bindAddress, port: config.httpPort), serverName: nil),
            onServerRunning: { channel in listening("http")(channel.localAddress?.port ?? config.httpPort) },
            logger: logger
        )
        let watchdog = TaskLeakWatchdog(
            configuration: .init(maximumAge: config.taskLeakAge, exemptNames: config.longLivedTaskNames),
            logger: logger
        )
        var group: [ServiceGroupConfiguration.ServiceConfiguration] = [
            .init(service: telemetry.service, successTerminationBehavior: .ignore),
            .init(
                service: FlightRecorderService(
                    recorder: flightRecorder, logger: logger, liveTasks: { TaskRegistry.shared.liveCount }, eventLoopLag: Self.eventLoopLag
                ),
                successTerminationBehavior: .ignore
            ),
            .init(service: RuntimeLogLevelReverter(level: logLevel), successTerminationBehavior: .ignore),
            .init(service: operations, successTerminationBehavior: .ignore),
            .init(service: watchdog, successTerminationBehavior: .ignore),
            .init(service: admin, successTerminationBehavior: .ignore),
        ]
        // Database, producer, relay, consumers: started before the listeners, stopped after them.
        group += resources.services().map { .init(service: $0) }
        group += services.map { .init(service: $0) }
        let gate = resources.needsGate ? resources.gate : nil
        func listener(_ service: any Service) -> any Service {
            guard let gate else { return service }
            return GatedService(gate: gate, inner: service)
        }
        if !grpcServices.isEmpty {
            let server = GRPCServer(
                transport: .http2NIOPosix(address: .ipv4(host: config.bindAddress, port: config.grpcPort), transportSecurity: .plaintext),
                services: grpcServices,
                interceptors: [TracingServerInterceptor(tracer: tracer, metricsFactory: metricsFactory)]
            )
            let grpc = GRPCServerService(server: server, bound: listening("grpc"))
            group.append(.init(service: listener(DrainBoundedService(name: "grpc", taskName: "grpc.serve", inner: grpc, drainTimeout: config.drainTimeout, logger: logger))))
        }
        group.append(.init(service: listener(DrainBoundedService(name: "http", taskName: "http.serve", inner: http, drainTimeout: config.drainTimeout, logger: logger))))
        group.append(.init(service: ShutdownGate(readiness: readiness, delay: config.shutdownDelay), successTerminationBehavior: .ignore))
        var groupConfiguration = ServiceGroupConfiguration(services: group, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger)
        groupConfiguration.logging.keys.serviceKey = "service"
        logger.info("starting", metadata: ["service.version": .string(config.telemetry.serviceVersion)])
        defer { resources.shutdown() }
        try await ServiceGroup(configuration: groupConfiguration).run()
        logger.info("stopped")
    }
}

extension ServiceRuntime {
    /// The kit's tracked tasks that live as long as the process (never suspected for age).
    public static let kitLongLivedTaskNames: Set<String> = ["http.serve", "grpc.serve", "grpc.server", "listener.drain_timer", "database.serve"]
    /// How long a task submitted to one of the listeners' event loops waits before it runs.
    @Sendable static func eventLoopLag() async -> Duration? {
        let start = ContinuousClock.now
        guard (try? await MultiThreadedEventLoopGroup.singleton.next().submit {}.get()) != nil else { return nil }
        return ContinuousClock.now - start
    }

    /// The admin port's own pages: tasks, threads, CPU profile, heap, flight recorder, tracez, log level,
    /// config, build.
    public func builtInDiagnostics() -> [any DiagnosticsEndpoint] {
        [
            TasksEndpoint(registry: .shared),
            ThreadsEndpoint(),
            CPUProfileEndpoint(),
            HeapEndpoint(),
            FlightRecorderEndpoint(recorder: flightRecorder),
            TracezEndpoint(recorder: flightRecorder),
            LogLevelEndpoint(level: logLevel),
            ConfigEndpoint(values: configuration.effectiveSettings),
            BuildEndpoint(info: BuildInfo(service: configuration.name, version: configuration.telemetry.serviceVersion)),
        ]
    }
}

/// Set once at bootstrap: lets the metrics backend (created before the tracer) read span identities.
final class TracerReference: @unchecked Sendable {
    // @unchecked: written once in `ServiceRuntime.init` before any metric is recorded, then only read.
    var tracer: (any IdentifyingTracer)?
}
