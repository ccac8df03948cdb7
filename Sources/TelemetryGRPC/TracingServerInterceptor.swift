public import CoreMetrics
public import GRPCCore
import TelemetryCore
public import Tracing

/// Traces and measures every call a gRPC server handles, per the OpenTelemetry gRPC semantic conventions.
///
/// It extracts the caller's W3C context from the request metadata, runs the handler in a SERVER
/// span named `package.Service/Method`, records `rpc.server.call.duration`, and marks the codes
/// that point at the server (`UNKNOWN`, `DEADLINE_EXCEEDED`, `UNIMPLEMENTED`, `INTERNAL`,
/// `UNAVAILABLE`, `DATA_LOSS`) as errors. The span ends when the response stream finishes, not
/// when the handler returns its response. The caller's `grpc-timeout` becomes
/// `ServiceContext.grpcDeadline` for the handler's outgoing calls.
///
/// ```swift
/// let server = GRPCServer(transport: transport, services: [catalog], interceptors: [TracingServerInterceptor()])
/// ```
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/rpc/grpc/
public struct TracingServerInterceptor: ServerInterceptor {
    let tracer: any Tracer
    let metrics: RPCCallMetrics

    /// Creates the interceptor; create it after bootstrapping, as the defaults are read here.
    /// - Parameters:
    ///   - tracer: The tracer; defaults to the bootstrapped one.
    ///   - metricsFactory: Where `rpc.server.call.duration` goes; defaults to the bootstrapped factory.
    public init(tracer: any Tracer = InstrumentationSystem.tracer, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.tracer = tracer
        self.metrics = RPCCallMetrics(label: RPCCallMetrics.serverDurationName, factory: metricsFactory)
    }

    /// Handles one call.
    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let start = ContinuousClock.now
        let method = context.descriptor.fullyQualifiedMethod
        var parentContext = ServiceContext.current ?? .topLevel
        tracer.extract(request.metadata, into: &parentContext, using: PropagationCarrierExtractor<Metadata>())
        let deadline = request.metadata[stringValues: GRPCTimeout.headerName].first { _ in true }
            .flatMap(GRPCTimeout.decode)
            .map { start + $0 }

        let span = tracer.startSpan(method, context: parentContext, ofKind: .server)
        span.updateAttributes { attributes in
            attributes[RPCSemanticConventions.systemName] = RPCSemanticConventions.grpc
            attributes[RPCSemanticConventions.method] = method
            if let local = PeerAddress(grpcPeer: context.localPeer) {
                attributes[RPCSemanticConventions.serverAddress] = local.address
                attributes[RPCSemanticConventions.serverPort] = local.port
            }
            if let remote = PeerAddress(grpcPeer: context.remotePeer) {
                attributes[RPCSemanticConventions.peerAddress] = remote.address
                attributes[RPCSemanticConventions.peerPort] = remote.port
            }
        }
        var spanContext = span.context
        if let deadline { spanContext.grpcDeadline = deadline }
        let handlerContext = spanContext
        let completion = RPCCallCompletion(span: span, kind: .server, method: method, start: start, metrics: metrics)

        let response: StreamingServerResponse<Output>
        do {
            response = try await ServiceContext.$current.withValue(handlerContext) {
                try await next(request, context)
            }
        } catch {
            let status = RPCError(reporting: error, deadline: deadline)
            completion.finish(status)
            throw status
        }

        switch response.accepted {
        case .failure(let error):
            let status = RPCError(reporting: error, deadline: deadline)
            completion.finish(status)
            return StreamingServerResponse(error: status)
        case .success(var contents):
            let producer = contents.producer
            contents.producer = { writer in
                do {
                    let trailingMetadata = try await ServiceContext.$current.withValue(handlerContext) {
                        try await producer(writer)
                    }
                    completion.finish(code: .ok)
                    return trailingMetadata
                } catch {
                    let status = RPCError(reporting: error, deadline: deadline)
                    completion.finish(status)
                    throw status
                }
            }
            return StreamingServerResponse(accepted: .success(contents))
        }
    }
}
