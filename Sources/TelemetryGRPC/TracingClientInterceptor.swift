public import CoreMetrics
public import GRPCCore
import TelemetryCore
public import Tracing

/// Traces and measures every call a gRPC client makes, and propagates the trace and the deadline.
///
/// Each call runs in a CLIENT span named `package.Service/Method` whose identity goes out as
/// `traceparent` (so every call gets its own parent id), with `tracestate` and `baggage`. It records
/// `rpc.client.call.duration` and marks every non-OK status as an error; the span ends when the
/// response stream finishes.
///
/// When the task serves a call with a deadline (`ServiceContext.grpcDeadline`),
/// the outgoing `grpc-timeout` is the smaller of the call's own timeout and what is left of that
/// deadline, so the next server stops in time; once the deadline has passed the call fails with
/// `DEADLINE_EXCEEDED` without being sent. gRPC's client enforces only the call's own timeout
/// locally; the capped one is enforced by the server that receives it.
///
/// ```swift
/// let client = GRPCClient(transport: transport, interceptors: [TracingClientInterceptor()])
/// ```
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/semconv/rpc/grpc/
public struct TracingClientInterceptor: ClientInterceptor {
    let tracer: any Tracer
    let metrics: RPCCallMetrics

    /// Creates the interceptor; create it after bootstrapping, as the defaults are read here.
    /// - Parameters:
    ///   - tracer: The tracer; defaults to the bootstrapped one.
    ///   - metricsFactory: Where `rpc.client.call.duration` goes; defaults to the bootstrapped factory.
    public init(tracer: any Tracer = InstrumentationSystem.tracer, metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.tracer = tracer
        self.metrics = RPCCallMetrics(label: RPCCallMetrics.clientDurationName, factory: metricsFactory)
    }

    /// Makes one call.
    public func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingClientRequest<Input>,
        context: ClientContext,
        next: (StreamingClientRequest<Input>, ClientContext) async throws -> StreamingClientResponse<Output>
    ) async throws -> StreamingClientResponse<Output> {
        let start = ContinuousClock.now
        let method = context.descriptor.fullyQualifiedMethod
        let parentContext = ServiceContext.current ?? .topLevel

        let span = tracer.startSpan(method, context: parentContext, ofKind: .client)
        span.updateAttributes { attributes in
            attributes[RPCSemanticConventions.systemName] = RPCSemanticConventions.grpc
            attributes[RPCSemanticConventions.method] = method
            if let remote = PeerAddress(grpcPeer: context.remotePeer) {
                attributes[RPCSemanticConventions.serverAddress] = remote.address
                attributes[RPCSemanticConventions.serverPort] = remote.port
                attributes[RPCSemanticConventions.peerAddress] = remote.address
                attributes[RPCSemanticConventions.peerPort] = remote.port
            }
        }
        let completion = RPCCallCompletion(span: span, kind: .client, method: method, start: start, metrics: metrics)

        var request = request
        var timeout = request.metadata[stringValues: GRPCTimeout.headerName].first { _ in true }
            .flatMap(GRPCTimeout.decode)
        if let incomingDeadline = parentContext.grpcDeadline {
            let remaining = start.duration(to: incomingDeadline)
            guard remaining > .zero else {
                let error = RPCError(
                    code: .deadlineExceeded,
                    message: "The deadline of the call being served passed before this call was sent."
                )
                completion.finish(error)
                throw error
            }
            if timeout.map({ remaining < $0 }) ?? true {
                timeout = remaining
                request.metadata.setValue(GRPCTimeout.encode(remaining), forName: GRPCTimeout.headerName)
            }
        }
        let deadline = timeout.map { start + $0 }
        tracer.inject(span.context, into: &request.metadata, using: PropagationCarrierInjector<Metadata>())
        let outgoing = request

        let response: StreamingClientResponse<Output>
        do {
            response = try await ServiceContext.$current.withValue(span.context) {
                try await next(outgoing, context)
            }
        } catch {
            completion.finish(RPCError(reporting: error, deadline: deadline))
            throw error
        }

        switch response.accepted {
        case .failure(let error):
            completion.finish(RPCError(reporting: error, deadline: deadline))
            return response
        case .success(var contents):
            contents.bodyParts = RPCAsyncSequence(
                wrapping: CompletingBodyParts<Output>(base: contents.bodyParts, completion: completion, deadline: deadline)
            )
            return StreamingClientResponse(accepted: .success(contents))
        }
    }
}
