import BenchSupport
import OTel
import ServiceLifecycle
import TelemetryCore
import TelemetryOTLP
import Tracing

/// Figure 1: a span started and ended through swift-otel's batch span processor, sampled and unsampled.
///
/// Measured: the kit's tracer as `OTLPTelemetry` hands it to a service (`any IdentifyingTracer`,
/// a `KitTracer` over swift-otel, export off). Baselines, same run: swift-otel's tracer directly
/// (`OTel.makeTracingBackend`), the same wrapped in `KitTracer` without the existential, and
/// swift-distributed-tracing's `NoOpTracer`. Every backend's service runs while it is measured.
enum SpanBenchmarks {
    static let iterations = 20_000
    static let rounds = 11

    static func run() async throws {
        Report.header("1. span start/end (swift-otel batch processor, export off)")
        let sampled = try await measureBackends(sampler: "always_on")
        let unsampled = try await measureBackends(sampler: "always_off")
        let noOp = Harness.measure(iterations: iterations * 10) { startAndEnd(NoOpTracer()) }

        let kit = sampled.kit
        Report.figure(
            "span.sampled (OTLPTelemetry tracer, always_on)",
            measured: "\(Report.fixed(kit.nanoseconds, 1)) ns/span, \(Report.fixed(kit.allocations, 2)) allocs/span",
            target: "<= 500 ns, <= 3 allocs",
            ratio: kit.nanoseconds / sampled.otel.nanoseconds,
            baseline: "swift-otel tracer directly, \(Report.fixed(sampled.otel.nanoseconds, 1)) ns",
            met: kit.nanoseconds <= 500 && kit.allocations <= 3
        )
        Report.detail("kit (any IdentifyingTracer): \(Report.describe(sampled.kit))")
        Report.detail("KitTracer<swift-otel> (generic): \(Report.describe(sampled.wrapped))")
        Report.detail("swift-otel tracer directly: \(Report.describe(sampled.otel))")
        Report.detail("NoOpTracer: \(Report.describe(noOp))")
        Report.detail("allocations and CPU include the batch processor consuming the spans on other threads")
        Report.detail("kit, nothing consuming the span stream (service not run): \(Report.describe(try measureWithoutConsumer()))")

        let off = unsampled.kit
        Report.figure(
            "span.unsampled (OTLPTelemetry tracer, always_off)",
            measured: "\(Report.fixed(off.nanoseconds, 1)) ns/span, \(Report.fixed(off.allocations, 2)) allocs/span",
            target: "<= 80 ns, 0 allocs",
            ratio: off.nanoseconds / unsampled.otel.nanoseconds,
            baseline: "swift-otel tracer directly, \(Report.fixed(unsampled.otel.nanoseconds, 1)) ns",
            met: off.nanoseconds <= 80 && off.allocations < 0.005
        )
        Report.detail("kit (any IdentifyingTracer): \(Report.describe(unsampled.kit))")
        Report.detail("KitTracer<swift-otel> (generic): \(Report.describe(unsampled.wrapped))")
        Report.detail("swift-otel tracer directly: \(Report.describe(unsampled.otel))")
        Report.detail("NoOpTracer: \(Report.describe(noOp))")
    }

    struct Backends {
        var kit: Cost
        var wrapped: Cost
        var otel: Cost
    }

    /// Measures the three swift-otel-backed tracers with one sampler, their services running side by
    /// side and their rounds interleaved, so drift and scheduling noise hit all three alike.
    static func measureBackends(sampler: String) async throws -> Backends {
        let telemetry = try BenchTelemetry.make(sampler: sampler)
        let kitTracer = telemetry.tracer

        var configuration = OTel.Configuration.default
        configuration.serviceName = "bench"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.exporter = .none
        configuration.traces.sampler = sampler == "always_on" ? .alwaysOn : .alwaysOff
        configuration.diagnosticLogger = .custom(BenchTelemetry.silentLogger)
        let direct = try OTel.makeTracingBackend(configuration: configuration)
        let wrappedBackend = try OTel.makeTracingBackend(configuration: configuration)
        let wrappedTracer = KitTracer(wrapping: wrappedBackend.factory)

        let settles = sampler != "always_off"
        let count = settles ? iterations : iterations * 10
        return try await whileRunning(telemetry.service, direct.service, wrappedBackend.service) {
            var kit: [Cost] = []
            var wrapped: [Cost] = []
            var otel: [Cost] = []
            for round in 0...rounds {
                let costs = (
                    Harness.measure(iterations: count, rounds: 1, settles: settles) { startAndEnd(kitTracer) },
                    Harness.measure(iterations: count, rounds: 1, settles: settles) { startAndEnd(wrappedTracer) },
                    Harness.measure(iterations: count, rounds: 1, settles: settles) { startAndEnd(direct.factory) }
                )
                if round == 0 { continue }  // warm-up
                kit.append(costs.0)
                wrapped.append(costs.1)
                otel.append(costs.2)
            }
            return Backends(kit: .median(kit), wrapped: .median(wrapped), otel: .median(otel))
        }
    }

    /// The kit's sampled span with nothing consuming swift-otel's event stream (its service not run):
    /// what a span costs the caller without waking the processor.
    static func measureWithoutConsumer() throws -> Cost {
        let telemetry = try BenchTelemetry.make(sampler: "always_on")
        let tracer = telemetry.tracer
        return Harness.measure(iterations: 5_000, rounds: 5) { startAndEnd(tracer) }
    }

    @inline(__always)
    static func startAndEnd(_ tracer: some Tracer) {
        let span = tracer.startSpan("GET /products/{id}", context: .topLevel, ofKind: .server)
        span.end()
    }

    @inline(__always)
    static func startAndEnd(_ tracer: any IdentifyingTracer) {
        let span = tracer.startSpan("GET /products/{id}", context: .topLevel, ofKind: .server)
        span.end()
    }

    /// Runs `body` while `services` run in child tasks, then cancels them.
    static func whileRunning<Result: Sendable>(_ services: any Service..., body: () async throws -> Result) async throws -> Result {
        try await withThrowingTaskGroup(of: Void.self, returning: Result.self) { group in
            for service in services { group.addTask { try await service.run() } }
            try await Task.sleep(for: .milliseconds(50))  // let the processor start consuming
            let result = try await body()
            group.cancelAll()
            return result
        }
    }
}
