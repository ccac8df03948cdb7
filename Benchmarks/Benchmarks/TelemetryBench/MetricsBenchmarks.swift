import BenchSupport
import CoreMetrics
import Prometheus
import TelemetryCore
import TelemetryPrometheus
import Tracing

/// Figure 5: one `/metrics` scrape of about 10,000 series, in both exposition formats.
///
/// The series come through swift-metrics, as a service makes them: counters, gauges and timers
/// (histograms with the default 14 duration buckets) whose observations were recorded inside sampled
/// spans, so OpenMetrics carries exemplars. Baseline, same run: swift-prometheus's own `emit` of the
/// same registry (the Prometheus text the backend starts from).
enum MetricsBenchmarks {
    static let counters = 4_000
    static let gauges = 2_000
    static let timers = 236  // 17 series each: 14 buckets, +Inf, _sum, _count
    static let scrapes = 500

    static func run() async throws {
        Report.header("5. /metrics scrape with 10k series")
        let telemetry = try BenchTelemetry.make(sampler: "always_on")
        let tracer = telemetry.tracer
        let backend = PrometheusMetricsBackend(spanIdentity: { tracer.identity(of: $0) })
        try await SpanBenchmarks.whileRunning(telemetry.service) {
            populate(backend, tracer: tracer)
        }
        let text = backend.render(format: .prometheusText)
        let series = text.split(separator: UInt8(ascii: "\n")).filter { $0.first != UInt8(ascii: "#") }.count
        let openMetrics = backend.render(format: .openMetrics)
        let exemplars = openMetrics.split(separator: UInt8(ascii: "\n")).filter { $0.contains(UInt8(ascii: "#")) && $0.first != UInt8(ascii: "#") }.count

        let baseline = latencies { var buffer: [UInt8] = []; backend.registry.emit(into: &buffer); blackHole(buffer) }
        let prometheusText = latencies { blackHole(backend.render(format: .prometheusText)) }
        let openMetricsText = latencies { blackHole(backend.render(format: .openMetrics)) }
        let baselineP99 = Statistics.percentile(baseline, 99)

        for (name, values) in [("prometheusText", prometheusText), ("openMetrics", openMetricsText)] {
            let p50 = Statistics.percentile(values, 50)
            let p99 = Statistics.percentile(values, 99)
            Report.figure(
                "metrics.render(\(name)) \(series) series",
                measured: "p99 \(Report.fixed(p99 / 1e6, 3)) ms (p50 \(Report.fixed(p50 / 1e6, 3)) ms)",
                target: "p99 <= 2 ms",
                ratio: p99 / baselineP99,
                baseline: "swift-prometheus registry.emit p99, \(Report.fixed(baselineP99 / 1e6, 3)) ms",
                met: p99 <= 2_000_000
            )
        }
        Report.detail("\(scrapes) scrapes each; body \(text.count) bytes (text), \(openMetrics.count) bytes (OpenMetrics, \(exemplars) exemplars)")
        Report.detail("baseline p50 \(Report.fixed(Statistics.percentile(baseline, 50) / 1e6, 3)) ms")
    }

    static func populate(_ backend: PrometheusMetricsBackend, tracer: any IdentifyingTracer) {
        for index in 0..<counters {
            CoreMetrics.Counter(label: "bench.requests", dimensions: [("route", "/route/\(index % 400)"), ("status", "\(200 + index / 400)")], factory: backend)
                .increment(by: index)
        }
        for index in 0..<gauges {
            CoreMetrics.Gauge(label: "bench.queue.depth", dimensions: [("queue", "queue-\(index)")], factory: backend).record(Double(index))
        }
        for index in 0..<timers {
            let timer = CoreMetrics.Timer(label: "bench.call.duration", dimensions: [("method", "Method\(index)")], factory: backend)
            let span = tracer.startSpan("bench", context: .topLevel)
            ServiceContext.$current.withValue(span.context) {
                for sample in 0..<20 { timer.recordMilliseconds(sample * 37 % 900) }
            }
            span.end()
        }
    }

    /// Nanoseconds per call of `body`, one value per scrape, after a few warm-up scrapes.
    static func latencies(_ body: () -> Void) -> [Double] {
        for _ in 0..<5 { body() }
        return (0..<scrapes).map { _ in
            let start = ContinuousClock.now
            body()
            let (seconds, attoseconds) = (ContinuousClock.now - start).components
            return Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        }
    }
}
