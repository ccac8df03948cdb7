import AsyncHTTPClient
import GRPCCore
import GRPCNIOTransportHTTP2
import Hummingbird
import Logging
import MetricsTestKit
import ServiceRuntime
import TaskTracking
import TelemetryCore
import TelemetryGRPC
import TelemetryHTTP
import TelemetryTesting
import Testing
import Tracing

/// One trace across HTTP -> gRPC -> HTTP, in process, over real sockets: every hop continues the trace
/// and each span's parent is the span of the hop before.
@Suite struct TraceChainTests {
    struct Relay: Codable, Sendable { var path: String }

    static let relay = MethodDescriptor(fullyQualifiedService: "commerce.chain.v1.Relay", method: "Forward")

    /// The gRPC hop: forwards the request to the back HTTP service.
    struct RelayService: RegistrableRPCService {
        let http: TracedHTTPClient
        let backPort: Int

        func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
            router.registerHandler(
                forMethod: TraceChainTests.relay,
                deserializer: JSONMessageCoder<Relay>(),
                serializer: JSONMessageCoder<Relay>()
            ) { request, _ in
                var path = ""
                for try await message in request.messages { path = message.path }
                let response = try await http.execute(HTTPClientRequest(url: "http://127.0.0.1:\(backPort)\(path)"), timeout: .seconds(5))
                let body = String(buffer: try await response.body.collect(upTo: 1024))
                return StreamingServerResponse(single: ServerResponse(message: Relay(path: body)))
            }
        }
    }

    @Test func httpToGRPCToHTTP_oneTraceWithEachHopParentedByThePrevious() async throws {
        try await withNoTaskLeaks { try await oneTraceAcrossHops() }
    }

    func oneTraceAcrossHops() async throws {
        let tracer = KitTracer(wrapping: RecordingTracer())
        let metrics = TestMetrics()
        let http = TracedHTTPClient(client: .shared, tracer: tracer, metricsFactory: metrics)

        let backRouter = Router()
        backRouter.add(middleware: HTTPServerTelemetryMiddleware(tracer: tracer, metricsFactory: metrics))
        backRouter.get("/stock/:sku") { _, context in "in stock: \(context.parameters.get("sku") ?? "")" }
        let (backApp, backPort) = try await LiveApplication.start(router: backRouter)

        let grpcServer = GRPCServer(
            transport: .http2NIOPosix(address: .ipv4(host: "127.0.0.1", port: 0), transportSecurity: .plaintext),
            services: [RelayService(http: http, backPort: backPort)],
            interceptors: [TracingServerInterceptor(tracer: tracer, metricsFactory: metrics)]
        )
        try await withThrowingDiscardingTaskGroup { group in
            group.addTrackedTask("test.grpc.server") { try await grpcServer.serve() }
            let grpcPort = try #require(try await grpcServer.transport.listeningAddress.ipv4?.port)
            try await withGRPCClient(
                transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: grpcPort), transportSecurity: .plaintext),
                interceptors: [TracingClientInterceptor(tracer: tracer, metricsFactory: metrics)]
            ) { grpcClient in
                let frontRouter = Router()
                frontRouter.add(middleware: HTTPServerTelemetryMiddleware(tracer: tracer, metricsFactory: metrics))
                frontRouter.get("/checkout/:sku") { _, context in
                    let sku = context.parameters.get("sku") ?? ""
                    let relayed = try await grpcClient.unary(
                        request: ClientRequest(message: Relay(path: "/stock/\(sku)")),
                        descriptor: TraceChainTests.relay,
                        serializer: JSONMessageCoder<Relay>(),
                        deserializer: JSONMessageCoder<Relay>(),
                        options: .defaults
                    ) { try $0.message }
                    return relayed.path
                }
                let (front, frontPort) = try await LiveApplication.start(router: frontRouter)

                let root = tracer.startSpan("checkout journey", ofKind: .client)
                let response = try await http.execute(
                    HTTPClientRequest(url: "http://127.0.0.1:\(frontPort)/checkout/sku-9"), timeout: .seconds(10), context: root.context
                )
                #expect(String(buffer: try await response.body.collect(upTo: 1024)) == "in stock: sku-9")
                root.end()
                await front.stop()
            }
            grpcServer.beginGracefulShutdown()
        }
        await backApp.stop()

        let spans = try await poll(timeout: .seconds(5), what: "seven finished spans") {
            let spans = tracer.wrapped.finishedSpans
            return spans.count >= 7 ? spans : nil
        }
        #expect(Set(spans.map(\.traceID)).count == 1, "every hop must continue one trace")
        func span(_ kind: SpanKind, _ name: String) throws -> FinishedSpan {
            try #require(spans.first { $0.kind == kind && $0.operationName == name }, "no \(kind) span named \(name)")
        }
        let root = try span(.client, "checkout journey")
        let frontCall = try #require(spans.first { $0.kind == .client && $0.operationName == "GET" && $0.parentSpanID == root.spanID })
        let front = try span(.server, "GET /checkout/{sku}")
        let grpcClientSpan = try span(.client, "commerce.chain.v1.Relay/Forward")
        let grpcServerSpan = try span(.server, "commerce.chain.v1.Relay/Forward")
        let backCall = try #require(spans.first { $0.kind == .client && $0.operationName == "GET" && $0.parentSpanID == grpcServerSpan.spanID })
        let back = try span(.server, "GET /stock/{sku}")
        #expect(front.parentSpanID == frontCall.spanID)
        #expect(grpcClientSpan.parentSpanID == front.spanID)
        #expect(grpcServerSpan.parentSpanID == grpcClientSpan.spanID)
        #expect(back.parentSpanID == backCall.spanID)
        #expect(Set(spans.map(\.spanID)).count == spans.count, "every hop gets its own span id")
    }
}

/// A Hummingbird application serving on a free loopback port until stopped (a tracked task, so a
/// test that forgets ``stop()`` fails its leak check).
struct LiveApplication {
    let task: Task<Void, any Error>

    static func start<Context: RequestContext>(router: Router<Context>) async throws -> (LiveApplication, Int)
    where Context.Source == ApplicationRequestContextSource {
        let (stream, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = Application(
            router: router,
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in continuation.yield(channel.localAddress?.port ?? 0) },
            logger: Logger(label: "chain-test") { _ in SwiftLogNoOpLogHandler() }
        )
        let task = TrackedTask.detached("test.http.server") { try await app.runService() }
        var iterator = stream.makeAsyncIterator()
        let port = try #require(await iterator.next())
        return (LiveApplication(task: task), port)
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}
