#if canImport(Glibc)
import Glibc
#endif
import BenchSupport
import FlightRecorder
import OTel
import TelemetryCore
import Tracing

/// Figure 6: the always-on flight recorder. Recording a finished span into the byte ring (time and
/// allocations per record), a span start/end with and without the recorder (swift-otel, export off,
/// sampled and unsampled), a dump of a 16 MiB recording to OTLP JSON and Perfetto JSON, and the
/// process's resident memory growth for a full recorder against its budget.
enum FlightRecorderBenchmarks {
    static func run() async throws {
        Report.header("6. flight recorder (always on)")
        measureResidentMemory()
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
            // As a service has it: OTLPTelemetry's tracer (KitTracer over swift-otel), with and without the
            // recorder (which then reads swift-otel's ids straight from the context).
            let plain = try BenchTelemetry.make(sampler: sampler)
            let observed = try BenchTelemetry.make(sampler: sampler, spanRecorder: recorder)
            // The portable seam: SpanObservingTracer's default reader injects and parses a traceparent.
            var configuration = OTel.Configuration.default
            configuration.serviceName = "bench"
            configuration.metrics.enabled = false
            configuration.logs.enabled = false
            configuration.traces.exporter = .none
            configuration.traces.sampler = sampler == "always_on" ? .alwaysOn : .alwaysOff
            configuration.diagnosticLogger = .custom(BenchTelemetry.silentLogger)
            let injecting = try OTel.makeTracingBackend(configuration: configuration)
            let injectingTracer = KitTracer(wrapping: SpanObservingTracer(wrapping: injecting.factory, recorder: recorder))
            let settles = sampler == "always_on"
            let (without, with, portable) = try await SpanBenchmarks.whileRunning(plain.service, observed.service, injecting.service) {
                var costs: ([Cost], [Cost], [Cost]) = ([], [], [])
                for round in 0..<6 {
                    let round0 = Harness.measure(iterations: 20_000, rounds: 1, settles: settles) { SpanBenchmarks.startAndEnd(plain.tracer) }
                    let round1 = Harness.measure(iterations: 20_000, rounds: 1, settles: settles) { SpanBenchmarks.startAndEnd(observed.tracer) }
                    let round2 = Harness.measure(iterations: 20_000, rounds: 1, settles: settles) { SpanBenchmarks.startAndEnd(injectingTracer) }
                    if round == 0 { continue }  // warm-up
                    costs.0.append(round0)
                    costs.1.append(round1)
                    costs.2.append(round2)
                }
                return (Cost.median(costs.0), Cost.median(costs.1), Cost.median(costs.2))
            }
            Report.figure(
                "span.\(sampler) with flight recorder",
                measured: "\(Report.fixed(with.nanoseconds, 1)) ns/span (+\(Report.fixed(with.nanoseconds - without.nanoseconds, 1))), \(Report.fixed(with.allocations - without.allocations, 2)) extra allocs/span",
                target: "informational (the HTTP figure's CPU budget is <= 1% per request)",
                ratio: with.nanoseconds / without.nanoseconds,
                baseline: "same OTLPTelemetry tracer without the recorder, \(Report.fixed(without.nanoseconds, 1)) ns",
                met: true
            )
            Report.detail("with SpanObservingTracer's portable reader (traceparent injected and parsed): \(Report.describe(portable))")
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

    /// Resident memory growth of the process for a recorder filled several times over, against its budget.
    static func measureResidentMemory() {
        let budget = 64 << 20
        let before = residentBytes()
        let recorder = FlightRecorder(configuration: .init(budgetBytes: budget), serviceName: "bench")
        var attributes = SpanAttributes()
        attributes["http.route"] = "/products/{id}"
        attributes["http.response.status_code"] = 200
        let span = EndedSpan(
            name: "GET /products/{id}", kind: .server, traceID: .random(), spanID: .random(), parentSpanID: .random(),
            startNanos: 1, endNanos: 2, isError: false, statusMessage: nil, isSampled: true, attributes: attributes
        )
        while recorder.statistics.recordsWritten < 3 * max(recorder.statistics.records, 1) || recorder.statistics.recordsWritten < 1000 {
            for _ in 0..<10_000 { recorder.spanEnded(span, token: -1) }
        }
        let growth = residentBytes() - before
        let ratio = Double(growth) / Double(budget)
        Report.figure(
            "flightrecorder.rss (recorder of 64 MiB budget, filled 3 times over)",
            measured: "\(Report.fixed(Double(growth) / 1_048_576, 1)) MiB resident growth",
            target: "<= budget + 10 %",
            ratio: ratio,
            baseline: "the configured budget, 64.0 MiB",
            met: ratio <= 1.10
        )
        Report.detail("process RSS from /proc/self/statm before creating the recorder and after filling it; dumps are transient and not included")
        blackHole(recorder)
    }

    /// The process's resident set size in bytes.
    static func residentBytes() -> Int {
        let descriptor = open("/proc/self/statm", O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return 0 }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
        guard count > 0 else { return 0 }
        let fields = buffer[..<count].split(separator: UInt8(ascii: " "))
        guard fields.count > 1, let pages = Int(String(decoding: fields[1], as: UTF8.self)) else { return 0 }
        return pages * sysconf(Int32(_SC_PAGESIZE))
    }
}
