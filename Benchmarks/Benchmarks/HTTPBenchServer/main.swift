#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import CoreMetrics
import FlightRecorder
import Hummingbird
import Logging
import Profiling
import ServiceLifecycle
import TelemetryCore
import TelemetryHTTP
import TelemetryPrometheus
import Tracing

// http-bench-server: one Hummingbird route, bare or behind the kit's HTTP telemetry, for wrk.
//
//   http-bench-server --bare|--instrumented|--instrumented-noop|--recorded|--profiled [--port N]    (port 0: any free port)
//
// Routes: `GET /products/{id}` (a small JSON body) and `GET /readyz`. Prints
// `{"message":"listening","listener":"http","port":"N"}` once bound; stops on SIGTERM/SIGINT.
// Instrumented: `HTTPServerTelemetryMiddleware` with the kit's tracer over swift-otel (always_on,
// export off, the batch span processor running) and `PrometheusMetricsBackend` with exemplars.
// Instrumented-noop: the same middleware and metrics over `KitTracer(wrapping: NoOpTracer())`, which
// isolates the kit's own share from what swift-otel's spans cost.
// Recorded: instrumented, plus the always-on flight recorder as a service has it (every span, runtime
// samples once a second). Profiled: instrumented, plus back-to-back 10 s CPU profiles at 100 Hz.
let arguments = CommandLine.arguments
let recorded = arguments.contains("--recorded")
let profiled = arguments.contains("--profiled")
let instrumented = arguments.contains("--instrumented") || recorded || profiled
let instrumentedNoOp = arguments.contains("--instrumented-noop")
guard instrumented || instrumentedNoOp || arguments.contains("--bare") else {
    print("usage: http-bench-server --bare|--instrumented|--instrumented-noop|--recorded|--profiled [--port N]")
    exit(64)
}
let port = arguments.firstIndex(of: "--port").flatMap { arguments.indices.contains($0 + 1) ? Int(arguments[$0 + 1]) : nil } ?? 0

var logger = Logger(label: "http-bench-server")
logger.logLevel = .warning

let router = Router()
var services: [any Service] = []
if instrumented {
    let recorder = recorded ? FlightRecorder(configuration: FlightRecorderConfiguration(), serviceName: "bench", metricsFactory: NOOPMetricsHandler.instance) : nil
    if let recorder {
        services.append(FlightRecorderService(recorder: recorder, logger: logger, handlesSignal: false))
    }
    if profiled {
        services.append(ProfilerLoop())
    }
    let telemetry = try BenchTelemetry.make(sampler: "always_on", spanRecorder: recorder)
    let tracer = telemetry.tracer
    let metrics = PrometheusMetricsBackend(spanIdentity: { tracer.identity(of: $0) })
    router.add(middleware: HTTPServerTelemetryMiddleware(tracer: tracer, metricsFactory: metrics, serverPort: port))
    services.append(telemetry.service)
} else if instrumentedNoOp {
    let tracer = KitTracer(wrapping: NoOpTracer())
    let metrics = PrometheusMetricsBackend(spanIdentity: { tracer.identity(of: $0) })
    router.add(middleware: HTTPServerTelemetryMiddleware(tracer: tracer, metricsFactory: metrics, serverPort: port))
}
router.get("/products/:id") { _, context in
    let id = try context.parameters.require("id")
    let body = "{\"id\":\"\(id)\",\"name\":\"Bench product\",\"priceCents\":1999}"
    return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
}
router.get("/readyz") { _, _ in
    "ready\n"
}

let application = Application(
    router: router,
    configuration: .init(address: .hostname("127.0.0.1", port: port), serverName: nil),
    onServerRunning: { channel in ListeningLine.write(listener: "http", port: channel.localAddress?.port ?? port) },
    logger: logger
)
services.append(application)
let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
try await group.run()

/// Takes 10 s CPU profiles back to back until shutdown, the worst case of an operator profiling a pod.
struct ProfilerLoop: Service {
    func run() async {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                _ = try? await CPUProfiler().profile(duration: .seconds(10))
            }
        }
    }
}
