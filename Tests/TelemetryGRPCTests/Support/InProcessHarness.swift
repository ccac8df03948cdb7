import GRPCCore
import GRPCInProcessTransport
import TaskTracking
import TelemetryCore
import TelemetryGRPC
import TelemetryTesting
import Tracing

/// A `GRPCServer` and `GRPCClient` over `InProcessTransport`, both traced by the interceptors
/// under test into one ``RecordingTracer`` and one ``RecordingMetricsFactory``.
struct InProcessHarness {
    let backend: RecordingTracer
    let tracer: KitTracer<RecordingTracer>
    let metrics: RecordingMetricsFactory
    let client: GRPCClient<InProcessTransport.Client>
    let probe: EchoProbe

    /// Runs `body` against a serving server and a connected client, then shuts both down and
    /// waits for every call in flight to finish; fails when a tracked task outlives it.
    @discardableResult
    static func run<Result: Sendable>(_ body: (InProcessHarness) async throws -> Result) async throws -> Result {
        try await withNoTaskLeaks { try await serve(body) }
    }

    private static func serve<Result: Sendable>(_ body: (InProcessHarness) async throws -> Result) async throws -> Result {
        let backend = RecordingTracer()
        let tracer = KitTracer(wrapping: backend)
        let metrics = RecordingMetricsFactory()
        let transport = InProcessTransport()
        let client = GRPCClient(
            transport: transport.client,
            interceptors: [TracingClientInterceptor(tracer: tracer, metricsFactory: metrics)]
        )
        let probe = EchoProbe(backend: backend)
        let server = GRPCServer(
            transport: transport.server,
            services: [EchoService(client: client, probe: probe)],
            interceptors: [TracingServerInterceptor(tracer: tracer, metricsFactory: metrics)]
        )
        let harness = InProcessHarness(backend: backend, tracer: tracer, metrics: metrics, client: client, probe: probe)
        return try await withThrowingDiscardingTaskGroup(returning: Result.self) { group in
            group.addTrackedTask("test.grpc.server") { try await server.serve() }
            group.addTrackedTask("test.grpc.client") { try await client.runConnections() }
            defer {
                client.beginGracefulShutdown()
                server.beginGracefulShutdown()
            }
            return try await body(harness)
        }
    }

    /// Calls a unary method with a `String` message and returns the reply.
    func unary(_ method: MethodDescriptor, _ message: String, timeout: Duration? = nil) async throws -> String {
        var options = CallOptions.defaults
        options.timeout = timeout
        return try await client.unary(
            request: ClientRequest(message: message),
            descriptor: method,
            serializer: UTF8Serializer(),
            deserializer: UTF8Deserializer(),
            options: options
        ) { try $0.message }
    }

    /// The finished spans of `kind` for `method`.
    func spans(_ kind: SpanKind, _ method: MethodDescriptor) -> [FinishedSpan] {
        backend.finishedSpans.filter { $0.kind == kind && $0.operationName == method.fullyQualifiedMethod }
    }
}

extension FinishedSpan {
    /// The attribute stored under `name`.
    func attribute(_ name: String) -> SpanAttribute? {
        attributes.get(name)
    }
}
