import CoreMetrics
import Hummingbird
import HummingbirdTesting
import MetricsTestKit
import TelemetryCore
import TelemetryHTTP
import TelemetryTesting
import Synchronization
import Testing
import Tracing

@Suite struct HTTPServerTelemetryMiddlewareTests {
    struct Fixture {
        let tracer = KitTracer(wrapping: RecordingTracer())
        let metrics = TestMetrics()

        func app(_ routes: (Router<BasicRequestContext>) -> Void) -> some ApplicationProtocol {
            let router = Router()
            router.add(middleware: HTTPServerTelemetryMiddleware(tracer: tracer, metricsFactory: metrics))
            routes(router)
            return Application(router: router)
        }

        var spans: [FinishedSpan] { tracer.wrapped.finishedSpans }
    }

    @Test func request_withTraceparent_serverSpanContinuesTraceWithSemanticAttributes() async throws {
        let fixture = Fixture()
        let app = fixture.app { $0.get("/orders/:id") { _, _ in "ok" } }
        let caller = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/orders/42?expand=items", method: .get,
                headers: [.init("traceparent")!: caller.headerValue, .userAgent: "tests/1"]
            ) { response in
                #expect(response.status == .ok)
            }
        }
        let span = try #require(fixture.spans.first)
        #expect(span.kind == .server)
        #expect(span.operationName == "GET /orders/{id}")
        #expect(span.traceID == caller.traceID)
        #expect(span.parentSpanID == caller.parentID)
        #expect(span.attributes["http.request.method"]?.toSpanAttribute() == "GET")
        #expect(span.attributes["http.route"]?.toSpanAttribute() == "/orders/{id}")
        #expect(span.attributes["url.path"]?.toSpanAttribute() == "/orders/42")
        #expect(span.attributes["url.query"]?.toSpanAttribute() == "expand=items")
        #expect(span.attributes["http.response.status_code"]?.toSpanAttribute() == 200)
        #expect(span.attributes["user_agent.original"]?.toSpanAttribute() == "tests/1")
        #expect(span.attributes["error.type"] == nil)
        #expect(span.status == nil)
    }

    @Test func handlerError_with5xx_marksSpanErrorAndRecordsErrorType() async throws {
        struct Boom: Error {}
        let fixture = Fixture()
        let app = fixture.app { $0.get("/boom") { _, _ -> String in throw Boom() } }
        try await app.test(.router) { client in
            try await client.execute(uri: "/boom", method: .get) { response in
                #expect(response.status == .internalServerError)
            }
        }
        let span = try #require(fixture.spans.first)
        #expect(span.status?.code == .error)
        #expect(span.attributes["http.response.status_code"]?.toSpanAttribute() == 500)
        #expect(span.attributes["error.type"] != nil)
        #expect(span.errors.count == 1)
    }

    @Test func clientError_with404_isNotAServerError() async throws {
        let fixture = Fixture()
        let app = fixture.app { $0.get("/missing") { _, _ -> String in throw HTTPError(.notFound) } }
        try await app.test(.router) { client in
            try await client.execute(uri: "/missing", method: .get) { response in
                #expect(response.status == .notFound)
            }
        }
        let span = try #require(fixture.spans.first)
        #expect(span.status == nil)
        #expect(span.attributes["http.response.status_code"]?.toSpanAttribute() == 404)
    }

    @Test func requests_recordDurationPerRouteAndActiveRequestsReturnsToZero() async throws {
        let fixture = Fixture()
        let app = fixture.app { $0.get("/items/:id") { _, _ in "ok" } }
        try await app.test(.router) { client in
            for id in 1...3 {
                try await client.execute(uri: "/items/\(id)", method: .get) { _ in }
            }
        }
        let timer = try fixture.metrics.expectTimer(
            "http_server_request_duration_seconds",
            [("http_request_method", "GET"), ("http_route", "/items/{id}"), ("http_response_status_code", "200"), ("url_scheme", "http")]
        )
        #expect(timer.values.count == 3)
        let active = try fixture.metrics.expectMeter("http_server_active_requests", [("http_request_method", "GET"), ("url_scheme", "http")])
        #expect(active.lastValue == 0)
    }

    @Test func request_withUnknownMethod_isReportedAsOther() async throws {
        let fixture = Fixture()
        let app = fixture.app { $0.on("/x", method: HTTPRequest.Method("PURGE")!) { _, _ in "ok" } }
        try await app.test(.router) { client in
            try await client.execute(uri: "/x", method: HTTPRequest.Method("PURGE")!) { _ in }
        }
        let span = try #require(fixture.spans.first)
        #expect(span.operationName == "_OTHER /x")
        #expect(span.attributes["http.request.method"]?.toSpanAttribute() == "_OTHER")
        #expect(span.attributes["http.request.method_original"]?.toSpanAttribute() == "PURGE")
        _ = try fixture.metrics.expectMeter("http_server_active_requests", [("http_request_method", "_OTHER"), ("url_scheme", "http")])
    }

    @Test func request_withInvalidTraceparent_startsNewTrace() async throws {
        let fixture = Fixture()
        let app = fixture.app { $0.get("/") { _, _ in "ok" } }
        try await app.test(.router) { client in
            try await client.execute(
                uri: "/", method: .get,
                headers: [.init("traceparent")!: "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"]
            ) { _ in }
        }
        let span = try #require(fixture.spans.first)
        #expect(span.parentSpanID == nil)
        #expect(span.traceID.description != "4bf92f3577b34da6a3ce929d0e0e4736")
    }

    @Test func request_withOutcomeObserver_observerGetsStatusAndDuration() async throws {
        final class Outcomes: Sendable {
            let seen = Mutex<[(Int, UInt64)]>([])
        }
        let outcomes = Outcomes()
        let router = Router()
        router.add(middleware: HTTPServerTelemetryMiddleware(tracer: KitTracer(wrapping: RecordingTracer()), metricsFactory: TestMetrics()) { status, nanos in
            outcomes.seen.withLock { $0.append((status, nanos)) }
        })
        router.get("/fail") { _, _ -> String in throw HTTPError(.serviceUnavailable) }
        router.get("/ok") { _, _ in "ok" }
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/ok", method: .get) { _ in }
            try await client.execute(uri: "/fail", method: .get) { _ in }
        }
        let seen = outcomes.seen.withLock { $0 }
        #expect(seen.map(\.0) == [200, 503])
        #expect(seen.allSatisfy { $0.1 > 0 })
    }
}
