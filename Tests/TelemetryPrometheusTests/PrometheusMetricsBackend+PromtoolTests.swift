import CoreMetrics
import Foundation
import TelemetryPrometheus
import TelemetryTesting
import Testing

/// Lints a real render with Prometheus's own `promtool check metrics` (Prometheus text format).
@Suite struct PrometheusMetricsBackendPromtoolTests {
    static let isCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty
    /// `$PROMTOOL` (set by `scripts/test.sh`), else the first `promtool` on `PATH`.
    static let promtool: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates =
            [environment["PROMTOOL"]].compactMap { $0 }.filter { !$0.isEmpty }
            + (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/promtool" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    @Test(.enabled(if: promtool != nil || isCI, "promtool not found ($PROMTOOL or PATH; Debian package `prometheus`); set CI to fail instead of skipping"))
    func render_kitInstrumentsAndLabelSets_promtoolFindsNoProblems() async throws {
        let promtool = try #require(Self.promtool, "promtool not found on PATH (Debian package `prometheus`)")
        let backend = PrometheusMetricsBackend(spanIdentity: { _ in nil })
        Self.registerKitInstruments(in: backend)

        let result = try await ChildProcess.run(promtool, ["check", "metrics"], input: backend.render(format: .prometheusText))
        let output = result.output
        let errors = result.errors

        #expect(result.status == 0)
        #expect(output.isEmpty, "promtool stdout: \(output)")
        #expect(errors.isEmpty, "promtool stderr: \(errors)")
    }

    /// Every instrument kind, several label sets, and the kit's HTTP/RPC histograms.
    static func registerKitInstruments(in backend: PrometheusMetricsBackend) {
        for (method, route, status) in [("GET", "/items", "200"), ("GET", "/items/{id}", "404"), ("POST", "/items", "201")] {
            CoreMetrics.Timer(
                label: "http_server_request_duration_seconds",
                dimensions: [("http_request_method", method), ("http_route", route), ("http_response_status_code", status)],
                factory: backend
            ).recordNanoseconds(12_000_000)
            CoreMetrics.Timer(
                label: "http_client_request_duration_seconds",
                dimensions: [("http_request_method", method), ("server_address", "inventory"), ("http_response_status_code", status)],
                factory: backend
            ).recordNanoseconds(3_000_000)
        }
        for (service, method, code) in [("commerce.Catalog", "GetItem", "0"), ("commerce.Catalog", "ListItems", "5")] {
            let dimensions = [("rpc_system", "grpc"), ("rpc_service", service), ("rpc_method", method), ("rpc_grpc_status_code", code)]
            CoreMetrics.Timer(label: "rpc.server.call.duration", dimensions: dimensions, factory: backend).recordNanoseconds(700_000)
            CoreMetrics.Timer(label: "rpc_client_call_duration_seconds", dimensions: dimensions, factory: backend)
                .recordNanoseconds(900_000)
        }
        Meter(label: "http_server_active_requests", dimensions: [("http_request_method", "GET")], factory: backend).set(3)
        Meter(label: "http_server_active_requests", dimensions: [("http_request_method", "POST")], factory: backend).set(0)
        CoreMetrics.Counter(label: "otel_sdk_span_dropped", factory: backend).increment(by: 2)
        CoreMetrics.Counter(label: "hb.requests", dimensions: [("http.request.method", "GET")], factory: backend).increment()
        FloatingPointCounter(label: "payment_amount_total", dimensions: [("currency", "EUR")], factory: backend).increment(by: 9.99)
        Recorder(label: "cart_items", aggregate: true, factory: backend).record(7)
        Recorder(label: "cache_entries", aggregate: false, factory: backend).record(42)
        CoreMetrics.Gauge(label: "label_escapes", dimensions: [("path", "C:\\tmp\\\"x\"\nnext")], factory: backend).record(1)
    }
}
