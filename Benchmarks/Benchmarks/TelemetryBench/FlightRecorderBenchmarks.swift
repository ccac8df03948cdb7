import BenchSupport
import FlightRecorder
import OTel
import TelemetryCore
import Tracing

/// Figure 6: the always-on flight recorder. Recording a finished span into the byte ring (time and
/// allocations per record), a span start/end with and without the recorder (swift-otel, export off,
/// sampled and unsampled), and a dump of a 16 MiB recording to OTLP JSON and Perfetto JSON.
enum FlightRecorderBenchmarks {
    static func run() async throws {
        Report.header("6. flight recorder (always on)")
        let recorder = FlightRecorder(configuration: .init(budgetBytes: 10 << 20), serviceName: "bench")
        var attributes = SpanAttributes()
        attributes["http.route"] = "/products/{id}"
        attributes["http.response.status_code"] = 200
        let span = EndedSpan(
            name: "GET /products/{id}", kind: .server, traceID: .random(), spanID: .random(), parentSpanID: .random(),
            startNanos: 1, endNanos: 2, isError: false, statusMessage: nil, isSampled: true, attributes: attributes
        )
        // Fill the ring once so every measured record evicts (steady state).
        for _ in 0..<200_000 { recorder.spanEnded(span, token: -1) }
        let record = Harness.measure(iterations: 100_000) { recorder.spanEnded(span, token: -1) }
        let noOp = Harness.measure(iterations: 100_000) { SpanBenchmarks.startAndEnd(NoOpTracer()) }
        Report.figure(
            "flightrecorder.record (finished span with 2 attributes, ring full)",
            measured: "\(Report.fixed(record.nanoseconds, 1)) ns/record, \(Report.fixed(record.allocations, 3)) allocs/record",
            target: "0 allocs",
            ratio: record.nanoseconds / max(noOp.nanoseconds, 0.1),
            baseline: "NoOpTracer span start/end, \(Report.fixed(noOp.nanoseconds, 1)) ns",
            met: record.allocations < 0.005
        )

        for sampler in ["always_on", "always_off"] {
            var configuration = OTel.Configuration.default
            configuration.serviceName = "bench"
            configuration.metrics.enabled = false
            configuration.logs.enabled = false
            configuration.traces.exporter = .none
            configuration.traces.sampler = sampler == "always_on" ? .alwaysOn : .alwaysOff
            configuration.diagnosticLogger = .custom(BenchTelemetry.silentLogger)
            let plain = try OTel.makeTracingBackend(configuration: configuration)
            let observed = try OTel.makeTracingBackend(configuration: configuration)
            let plainTracer = KitTracer(wrapping: plain.factory)
            let observedTracer = KitTracer(wrapping: SpanObservingTracer(wrapping: observed.factory, recorder: recorder))
            let settles = sampler == "always_on"
            let (without, with) = try await SpanBenchmarks.whileRunning(plain.service, observed.service) {
                (
                    Harness.measure(iterations: 20_000, settles: settles) { SpanBenchmarks.startAndEnd(plainTracer) },
                    Harness.measure(iterations: 20_000, settles: settles) { SpanBenchmarks.startAndEnd(observedTracer) }
                )
            }
            Report.figure(
                "span.\(sampler) with flight recorder",
                measured: "\(Report.fixed(with.nanoseconds, 1)) ns/span (+\(Report.fixed(with.nanoseconds - without.nanoseconds, 1))), \(Report.fixed(with.allocations - without.allocations, 2)) extra allocs/span",
                target: "informational (the HTTP figure's CPU budget is <= 1% per request)",
                ratio: with.nanoseconds / without.nanoseconds,
                baseline: "same tracer without the recorder, \(Report.fixed(without.nanoseconds, 1)) ns",
                met: true
            )
        }

        let big = FlightRecorder(configuration: .init(budgetBytes: 17 << 20), serviceName: "bench")
        while big.statistics.usedBytes < 16 << 20 { big.spanEnded(span, token: -1) }
        var otlp: [Double] = []
        var chrome: [Double] = []
        for _ in 0..<5 {
            let start = ContinuousClock.now
            blackHole(big.dump(format: .otlpJSON))
            let middle = ContinuousClock.now
            blackHole(big.dump(format: .chromeTrace))
            let end = ContinuousClock.now
            otlp.append(milliseconds(middle - start))
            chrome.append(milliseconds(end - middle))
        }
        let otlpMedian = Statistics.median(otlp)
        let chromeMedian = Statistics.median(chrome)
        Report.figure(
            "flightrecorder.dump (16 MiB, \(big.statistics.records) spans, OTLP JSON)",
            measured: "\(Report.fixed(otlpMedian, 1)) ms",
            target: "<= 50 ms",
            ratio: otlpMedian / chromeMedian,
            baseline: "Perfetto JSON dump of the same recording, \(Report.fixed(chromeMedian, 1)) ms",
            met: otlpMedian <= 50
        )
    }

    static func milliseconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) * 1000 + Double(duration.components.attoseconds) / 1e15
    }
}
