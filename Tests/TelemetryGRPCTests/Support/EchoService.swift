import GRPCCore
import Instrumentation
import GRPCInProcessTransport
import Synchronization
import TelemetryGRPC
import TelemetryTesting

/// A tiny hand-written service (`kit.test.Echo`) exercising unary, streaming and nested calls.
struct EchoService: RegistrableRPCService {
    static let serviceName = "kit.test.Echo"
    /// Replies with the request, or fails: `fail:internal`, `fail:notFound`, `throw`.
    static let echo = MethodDescriptor(fullyQualifiedService: serviceName, method: "Echo")
    /// Replies with the `traceparent` and `baggage` it received, separated by `|`.
    static let headers = MethodDescriptor(fullyQualifiedService: serviceName, method: "Headers")
    /// Streams `0` to `n - 1` for the request `n`.
    static let count = MethodDescriptor(fullyQualifiedService: serviceName, method: "Count")
    /// Calls ``deadline`` with the request as its own timeout in milliseconds; replies with its reply.
    static let relay = MethodDescriptor(fullyQualifiedService: serviceName, method: "Relay")
    /// Replies with the milliseconds left of its `grpcDeadline`, or `none`.
    static let deadline = MethodDescriptor(fullyQualifiedService: serviceName, method: "Deadline")
    /// Waits until the RPC is cancelled (its deadline passes), then throws `CancellationError`.
    static let hang = MethodDescriptor(fullyQualifiedService: serviceName, method: "Hang")

    let client: GRPCClient<InProcessTransport.Client>
    let probe: EchoProbe

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        unary(Self.echo, on: &router) { message, _ in
            switch message {
            case "fail:internal": throw RPCError(code: .internalError, message: "broken")
            case "fail:notFound": throw RPCError(code: .notFound, message: "no such thing")
            case "throw": throw EchoFailure()
            default: return message
            }
        }
        unary(Self.headers, on: &router) { _, metadata in
            let traceParent = metadata[stringValues: "traceparent"].first { _ in true } ?? ""
            let baggage = metadata[stringValues: "baggage"].first { _ in true } ?? ""
            return traceParent + "|" + baggage
        }
        unary(Self.relay, on: &router) { [client] message, _ in
            var options = CallOptions.defaults
            options.timeout = .milliseconds(Int64(message) ?? 60_000)
            return try await client.unary(
                request: ClientRequest(message: ""),
                descriptor: Self.deadline,
                serializer: UTF8Serializer(),
                deserializer: UTF8Deserializer(),
                options: options
            ) { try $0.message }
        }
        unary(Self.deadline, on: &router) { [probe] _, _ in
            probe.recordDeadlineCall()
            guard let deadline = ServiceContext.current?.grpcDeadline else { return "none" }
            let (seconds, attoseconds) = ContinuousClock.now.duration(to: deadline).components
            return String(seconds * 1000 + attoseconds / 1_000_000_000_000_000)
        }
        router.registerHandler(forMethod: Self.hang, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()) {
            _, context in
            try await context.cancellation.cancelled
            throw CancellationError()
        }
        router.registerHandler(forMethod: Self.count, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()) {
            [probe] request, _ in
            let count = Int(try await Self.single(request)) ?? 0
            return StreamingServerResponse { writer in
                for index in 0..<count {
                    try await writer.write(String(index))
                }
                probe.recordStreamFinished()
                return [:]
            }
        }
    }

    private func unary<Transport: ServerTransport>(
        _ method: MethodDescriptor,
        on router: inout RPCRouter<Transport>,
        reply: @escaping @Sendable (String, Metadata) async throws -> String
    ) {
        router.registerHandler(forMethod: method, deserializer: UTF8Deserializer(), serializer: UTF8Serializer()) {
            request, _ in
            let message = try await Self.single(request)
            return StreamingServerResponse(single: ServerResponse(message: try await reply(message, request.metadata)))
        }
    }

    private static func single(_ request: StreamingServerRequest<String>) async throws -> String {
        for try await message in request.messages { return message }
        throw RPCError(code: .invalidArgument, message: "Expected one message.")
    }
}

/// A plain Swift error a handler throws.
struct EchoFailure: Error {}

/// What the service's handlers observed, for the tests to check.
final class EchoProbe: Sendable {
    private struct State {
        var deadlineCalls = 0
        var serverSpanEndedBeforeStreamFinished: Bool?
    }

    private let backend: RecordingTracer
    private let state = Mutex(State())

    init(backend: RecordingTracer) {
        self.backend = backend
    }

    /// How many times `Deadline` ran.
    var deadlineCalls: Int { state.withLock { $0.deadlineCalls } }
    /// Whether the `Count` server span had already ended when its stream finished writing.
    var serverSpanEndedBeforeStreamFinished: Bool? { state.withLock { $0.serverSpanEndedBeforeStreamFinished } }

    func recordDeadlineCall() {
        state.withLock { $0.deadlineCalls += 1 }
    }

    func recordStreamFinished() {
        let method = EchoService.count.fullyQualifiedMethod
        let ended = backend.finishedSpans.contains { $0.kind == .server && $0.operationName == method }
        state.withLock { $0.serverSpanEndedBeforeStreamFinished = ended }
    }
}
