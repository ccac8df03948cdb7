import AsyncHTTPClient
import Hummingbird
import HummingbirdTesting
import MetricsTestKit
import TelemetryCore
import TelemetryHTTP
import TelemetryTesting
import Testing
import Tracing

@Suite struct TracedHTTPClientTests {
    @Test func execute_insideSpan_injectsNewParentIdAndRecordsClientSpan() async throws {
        let tracer = KitTracer(wrapping: RecordingTracer())
        let metrics = TestMetrics()
        let router = Router()
        router.get("/echo") { request, _ in request.headers[.init("traceparent")!] ?? "" }
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)))
        try await withNoTaskLeaks { try await app.test(.live) { testClient in
            let port = try #require(testClient.port)
            let client = TracedHTTPClient(client: .shared, tracer: tracer, metricsFactory: metrics)
            let parent = tracer.startSpan("parent")
            var received: [String] = []
            for _ in 0..<2 {
                let response = try await client.execute(
                    HTTPClientRequest(url: "http://user:secret@127.0.0.1:\(port)/echo?token=abc"), timeout: .seconds(5), context: parent.context
                )
                received.append(String(buffer: try await response.body.collect(upTo: 1024)))
            }
            parent.end()

            let clientSpans = tracer.wrapped.finishedSpans.filter { $0.kind == .client }
            #expect(clientSpans.count == 2)
            for (span, header) in zip(clientSpans, received) {
                let sent = try #require(TraceParent(header))
                #expect(sent.traceID == span.traceID)
                #expect(sent.parentID == span.spanID)
                #expect(span.parentSpanID != nil)
                #expect(span.operationName == "GET")
                #expect(span.attributes["server.address"]?.toSpanAttribute() == "127.0.0.1")
                #expect(span.attributes["server.port"]?.toSpanAttribute() == .int64(Int64(port)))
                #expect(span.attributes["url.full"]?.toSpanAttribute() == "http://127.0.0.1:\(port)/echo")
                #expect(span.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
            }
            #expect(Set(received).count == 2, "each call must carry its own parent id")
            let timer = try metrics.expectTimer(
                "http_client_request_duration_seconds",
                [("http_request_method", "GET"), ("server_address", "127.0.0.1"), ("server_port", "\(port)"), ("http_response_status_code", "200")]
            )
            #expect(timer.values.count == 2)
        } }
    }
}
