import BenchSupport
import GRPCCore
import GRPCInProcessTransport
import TelemetryCore
import TelemetryGRPC
import TelemetryPrometheus
import Tracing

/// Figure 4: what `TracingServerInterceptor` + `TracingClientInterceptor` add to a unary call.
///
/// Two client/server pairs over grpc-swift-2's in-process transport serve the same echo method, one
/// bare and one with both interceptors (the kit's tracer at 100% sampling, export off, and the
/// Prometheus backend). Rounds of sequential calls alternate between the two so drift hits both alike.
enum GRPCBenchmarks {
    static let callsPerRound = 2_000
    static let rounds = 12

    static func run() async throws {
        Report.header("4. gRPC unary call, interceptors vs bare grpc-swift-2 (in-process transport)")
        let telemetry = try BenchTelemetry.make(sampler: "always_on")
        let tracer = telemetry.tracer
        let metrics = PrometheusMetricsBackend(spanIdentity: { tracer.identity(of: $0) })

        let bare = Pair(serverInterceptors: [], clientInterceptors: [])
        let traced = Pair(
            serverInterceptors: [TracingServerInterceptor(tracer: tracer, metricsFactory: metrics)],
            clientInterceptors: [TracingClientInterceptor(tracer: tracer, metricsFactory: metrics)]
        )
        // The kit's own share: the same interceptors and metrics over a tracer whose spans cost nothing.
        let noOpTracer = KitTracer(wrapping: NoOpTracer())
        let noOpTraced = Pair(
            serverInterceptors: [TracingServerInterceptor(tracer: noOpTracer, metricsFactory: metrics)],
            clientInterceptors: [TracingClientInterceptor(tracer: noOpTracer, metricsFactory: metrics)]
        )
        let pairs = [bare, traced, noOpTraced]

        let costs = try await withThrowingTaskGroup(of: Void.self, returning: [Cost].self) { group in
            group.addTask { try await telemetry.service.run() }
            for pair in pairs {
                group.addTask { try await pair.server.serve() }
                group.addTask { try await pair.client.runConnections() }
            }
            defer {
                for pair in pairs {
                    pair.client.beginGracefulShutdown()
                    pair.server.beginGracefulShutdown()
                }
                group.cancelAll()
            }
            var rounds: [[Cost]] = Array(repeating: [], count: pairs.count)
            for round in 0...Self.rounds {
                for (index, pair) in pairs.enumerated() {
                    let cost = try await Harness.measureRound(iterations: callsPerRound, settles: true) { try await call(pair.client) }
                    if round > 0 { rounds[index].append(cost) }  // round 0 warms up
                }
            }
            return rounds.map(Cost.median)
        }
        let (bareCost, tracedCost, noOpCost) = (costs[0], costs[1], costs[2])

        let extraWall = (tracedCost.nanoseconds - bareCost.nanoseconds) / 1000
        let extraCPU = (tracedCost.cpuNanoseconds - bareCost.cpuNanoseconds) / 1000
        let extraAllocations = tracedCost.allocations - bareCost.allocations
        Report.figure(
            "grpc.interceptors extra per unary call",
            measured: "+\(Report.fixed(extraCPU, 2)) us CPU (+\(Report.fixed(extraWall, 2)) us wall), +\(Report.fixed(extraAllocations, 1)) allocs",
            target: "<= 2 us, <= 10 allocs",
            ratio: tracedCost.cpuNanoseconds / bareCost.cpuNanoseconds,
            baseline: "bare grpc-swift-2, \(Report.fixed(bareCost.cpuNanoseconds / 1000, 2)) us CPU/call",
            met: extraCPU <= 2 && extraWall <= 2 && extraAllocations <= 10
        )
        Report.detail("bare: \(Report.describe(bareCost)) per call")
        Report.detail("interceptors, kit tracer over swift-otel (always_on): \(Report.describe(tracedCost)) per call")
        Report.detail("interceptors, KitTracer(wrapping: NoOpTracer()): \(Report.describe(noOpCost)) per call (the kit's share without swift-otel's two spans)")
        Report.detail("CPU and allocations include the span processor's background work (counted until the process is idle)")
    }

    /// A client and server over their own in-process transport.
    struct Pair {
        let server: GRPCServer<InProcessTransport.Server>
        let client: GRPCClient<InProcessTransport.Client>

        init(serverInterceptors: [any ServerInterceptor], clientInterceptors: [any ClientInterceptor]) {
            let transport = InProcessTransport()
            server = GRPCServer(transport: transport.server, services: [EchoService()], interceptors: serverInterceptors)
            client = GRPCClient(transport: transport.client, interceptors: clientInterceptors)
        }
    }

    static func call(_ client: GRPCClient<InProcessTransport.Client>) async throws {
        let reply = try await client.unary(
            request: ClientRequest(message: EchoService.payload),
            descriptor: EchoService.echo,
            serializer: BytesCoder(),
            deserializer: BytesCoder(),
            options: .defaults
        ) { try $0.message }
        blackHole(reply)
    }
}

/// `bench.Echo/Echo`: replies with the request's bytes.
struct EchoService: RegistrableRPCService {
    static let echo = MethodDescriptor(fullyQualifiedService: "bench.Echo", method: "Echo")
    static let payload: [UInt8] = Array("{\"id\":\"42\"}".utf8)

    func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        router.registerHandler(forMethod: Self.echo, deserializer: BytesCoder(), serializer: BytesCoder()) { request, _ in
            var reply: [UInt8] = []
            for try await message in request.messages { reply = message }
            return StreamingServerResponse(single: ServerResponse(message: reply))
        }
    }
}

/// Messages as raw bytes: no serialisation cost in either pair.
struct BytesCoder: MessageSerializer, MessageDeserializer {
    func serialize<Bytes: GRPCContiguousBytes>(_ message: [UInt8]) throws -> Bytes {
        Bytes(message)
    }

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> [UInt8] {
        serializedMessageBytes.withUnsafeBytes { Array($0) }
    }
}
