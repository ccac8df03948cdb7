import BenchSupport
import Benchmark
import TelemetryCore
import Tracing

// The kit's synchronous hot paths under ordo-one's Benchmark, for `swift package benchmark` and its
// baselines and thresholds (`cd Benchmarks && swift package --scratch-path ../.build-bench benchmark`).
// scripts/bench.sh prints the budget figures from `telemetry-bench`, which also covers the async ones.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .mallocCountTotal, .instructions],
        scalingFactor: .kilo,
        maxDuration: .seconds(2)
    )
    let header = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"

    Benchmark("TraceParent.parse") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(TraceParent(header))
        }
    }

    let parent = TraceParent(header)!
    Benchmark("TraceParent.headerValue") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(parent.headerValue)
        }
    }

    // Built once: the closure below runs for every sample, and is timed whole.
    let unsampledTracer = try? BenchTelemetry.make(sampler: "always_off").tracer
    Benchmark("Span.unsampled (OTLPTelemetry tracer, always_off)") { benchmark in
        guard let tracer = unsampledTracer else { fatalError("cannot build the tracer") }
        for _ in benchmark.scaledIterations {
            tracer.startSpan("GET /products/{id}", context: .topLevel, ofKind: .server).end()
        }
    }

    Benchmark("Span.NoOpTracer") { benchmark in
        let tracer = NoOpTracer()
        for _ in benchmark.scaledIterations {
            tracer.startSpan("GET /products/{id}", context: .topLevel, ofKind: .server).end()
        }
    }
}
