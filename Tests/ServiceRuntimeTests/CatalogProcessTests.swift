import AsyncHTTPClient
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import NIOCore
import ServiceRuntime
import TelemetryCore
import TelemetryTesting
import Testing

/// The runtime end to end: the real `catalog` binary, a real OTLP receiver process (rotel, started by
/// scripts/test.sh), real HTTP and gRPC clients, and Debian's `promtool`.
@Suite(.serialized, .enabled(if: ReceivedSpans.Environment.current != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct CatalogProcessTests {
    struct GetProductRequest: Codable, Sendable { var id: String }
    struct Product: Codable, Sendable { var id: String; var name: String }

    var receiver: ReceivedSpans.Environment {
        get throws { try #require(ReceivedSpans.Environment.current, "run the tests through scripts/test.sh, which starts the OTLP receiver") }
    }

    func startCatalog(_ environment: [String: String]) throws -> ServiceProcess {
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-\(UInt32.random(in: 0...UInt32.max))")
        return try ServiceProcess(
            binary: "catalog",
            environment: ["OTEL_BSP_SCHEDULE_DELAY": "100", "DATA_DIR": dataDirectory.path].merging(environment) { _, new in new }
        )
    }

    @Test(arguments: ["grpc", "http/protobuf"])
    func export_toRealReceiver_serverSpansContinueTheCallersTrace(exportProtocol: String) async throws {
        let receiver = try receiver
        let serviceName = "catalog-export-\(exportProtocol == "grpc" ? "grpc" : "http")"
        let catalog = try startCatalog([
            "OTEL_SERVICE_NAME": serviceName,
            "OTEL_EXPORTER_OTLP_PROTOCOL": exportProtocol,
            "OTEL_EXPORTER_OTLP_ENDPOINT": exportProtocol == "grpc" ? receiver.grpcEndpoint : receiver.httpEndpoint,
            "OTEL_RESOURCE_ATTRIBUTES": "team=commerce",
            "K8S_POD_NAME": "catalog-7d9f-abcde",
            "K8S_NAMESPACE_NAME": "shop",
        ])
        let ports = try await catalog.waitForPorts()
        let caller = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled, .random])

        var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products/sku-1001")
        request.headers.add(name: "traceparent", value: caller.headerValue)
        request.headers.add(name: "user-agent", value: "catalog-tests")
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        #expect(response.status == .ok)

        let grpcCaller = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
        let product = try await withGRPCClient(
            transport: .http2NIOPosix(target: .ipv4(address: "127.0.0.1", port: ports.grpc), transportSecurity: .plaintext)
        ) { client in
            try await client.unary(
                request: ClientRequest(message: GetProductRequest(id: "sku-1002"), metadata: ["traceparent": "\(grpcCaller.headerValue)"]),
                descriptor: MethodDescriptor(fullyQualifiedService: "commerce.catalog.v1.Catalog", method: "GetProduct"),
                serializer: JSONMessageCoder<GetProductRequest>(),
                deserializer: JSONMessageCoder<Product>(),
                options: .defaults
            ) { try $0.message }
        }
        #expect(product.id == "sku-1002")

        let httpSpans = try await ReceivedSpans.waitFor(traceID: caller.traceID.description, count: 1, in: receiver.spansFile)
        let server = try #require(httpSpans.first { $0.kind == "SERVER" })
        #expect(server.name == "GET /products/{id}" || server.name == "GET /products/:id")
        #expect(server.parentSpanID == caller.parentID.description)
        #expect(server.attributes["http.request.method"] as? String == "GET")
        #expect(server.attributes["http.route"] as? String == "/products/:id" || server.attributes["http.route"] as? String == "/products/{id}")
        #expect(server.attributes["url.path"] as? String == "/products/sku-1001")
        #expect(server.attributes["http.response.status_code"] as? Int == 200)
        #expect(server.attributes["user_agent.original"] as? String == "catalog-tests")
        #expect(server.attributes["client.address"] as? String == "127.0.0.1")
        #expect(server.resource["service.name"] as? String == serviceName)
        #expect(server.resource["service.version"] as? String == "0.1.0")
        #expect(server.resource["deployment.environment.name"] as? String == "local")
        #expect((server.resource["service.instance.id"] as? String)?.hasPrefix("catalog-7d9f-abcde-") == true)
        #expect(server.resource["k8s.pod.name"] as? String == "catalog-7d9f-abcde")
        #expect(server.resource["k8s.namespace.name"] as? String == "shop")
        #expect(server.resource["team"] as? String == "commerce")

        let grpcSpans = try await ReceivedSpans.waitFor(traceID: grpcCaller.traceID.description, count: 1, in: receiver.spansFile)
        let rpc = try #require(grpcSpans.first { $0.kind == "SERVER" })
        #expect(rpc.name == "commerce.catalog.v1.Catalog/GetProduct")
        #expect(rpc.parentSpanID == grpcCaller.parentID.description)
        #expect(rpc.attributes["rpc.system.name"] as? String == "grpc" || rpc.attributes["rpc.system"] as? String == "grpc")

        catalog.signal(SIGTERM)
        #expect(try await catalog.waitForExit() == 0)
    }

    @Test func metrics_realScrape_passesPromtoolAndOpenMetricsCarriesExemplars() async throws {
        let receiver = try receiver
        let catalog = try startCatalog(["OTEL_EXPORTER_OTLP_ENDPOINT": receiver.httpEndpoint])
        let ports = try await catalog.waitForPorts()
        let caller = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products/sku-1003")
        request.headers.add(name: "traceparent", value: caller.headerValue)
        _ = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
        _ = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products/nope"), timeout: .seconds(10))

        let text = try await scrape(port: ports.metrics, accept: nil)
        #expect(text.contentType.hasPrefix("text/plain"))
        #expect(text.body.contains("http_server_request_duration_seconds_bucket{"))
        #expect(text.body.contains("process_resident_memory_bytes"))
        #expect(text.body.contains("process_cpu_seconds_total"))
        #expect(text.body.contains("messaging_kafka_broker_up{"))
        #expect(text.body.contains("outbox_backlog"))
        let promtool = try await Promtool.checkMetrics(text.body)
        // The one accepted lint finding: the OpenTelemetry semantic-convention gauge `db.client.connection.count`
        // (a fixed platform name) becomes `db_client_connection_count`, which promtool's naming lint dislikes.
        let accepted = "db_client_connection_count non-histogram and non-summary metrics should not have \"_count\" suffix"
        let findings = promtool.output.split(separator: "\n").filter { !$0.isEmpty && $0 != accepted }
        #expect(promtool.status == 0 || (promtool.status == 3 && findings.isEmpty), "promtool check metrics: \(promtool.output)")
        #expect(findings.isEmpty, "promtool warnings: \(promtool.output)")

        let openMetrics = try await scrape(port: ports.metrics, accept: "application/openmetrics-text;version=1.0.0,text/plain;q=0.5")
        #expect(openMetrics.contentType.hasPrefix("application/openmetrics-text"))
        #expect(openMetrics.body.hasSuffix("# EOF\n"))
        #expect(openMetrics.body.contains("trace_id=\"\(caller.traceID.description)\""), "no exemplar for the sampled request")

        catalog.signal(SIGTERM)
        #expect(try await catalog.waitForExit() == 0)
    }

    @Test func sigterm_duringInFlightRequests_readyzTurnsFirstRequestsFinishAndSpansArrive() async throws {
        let receiver = try receiver
        let catalog = try startCatalog([
            "OTEL_SERVICE_NAME": "catalog-shutdown",
            "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.httpEndpoint,
            "CATALOG_SIMULATED_LATENCY_MS": "1500",
            "SHUTDOWN_DELAY_SECONDS": "0.5",
            "OTEL_BSP_SCHEDULE_DELAY": "5000",  // the spans must be flushed at shutdown, not exported on a timer
        ])
        let ports = try await catalog.waitForPorts()
        // Ready once the embedded Kafka broker reported up (its statistics arrive every second).
        var ready = 0
        for _ in 0..<100 where ready != 200 {
            ready = try await status(of: "http://127.0.0.1:\(ports.metrics)/readyz")
            if ready != 200 { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(ready == 200)
        let traceID = TraceID.random()
        let inFlight = (0..<5).map { _ in TraceParent(traceID: traceID, parentID: .random(), flags: [.sampled]) }
        async let statuses = withThrowingTaskGroup(of: Int.self) { group in
            for caller in inFlight {
                group.addTask {
                    var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products/sku-1001")
                    request.headers.add(name: "traceparent", value: caller.headerValue)
                    return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(20)).status.code)
                }
            }
            return try await group.reduce(into: [Int]()) { $0.append($1) }
        }
        try await Task.sleep(for: .milliseconds(400))
        catalog.signal(SIGTERM)
        let readyzAfterSignal = try await poll(timeout: .seconds(2), what: "/readyz to report 503") {
            try await status(of: "http://127.0.0.1:\(ports.metrics)/readyz") == 503 ? true : nil
        }
        #expect(readyzAfterSignal)
        #expect(try await statuses == [200, 200, 200, 200, 200])
        #expect(try await catalog.waitForExit() == 0)
        // The requests' SERVER spans (their database CLIENT spans share the trace).
        let servers = try await poll(timeout: .seconds(20), what: "5 SERVER spans of trace \(traceID)") {
            let servers = ReceivedSpans.read(from: receiver.spansFile).filter { $0.traceID == traceID.description && $0.kind == "SERVER" }
            return servers.count >= 5 ? servers : nil
        }
        #expect(Set(servers.map(\.parentSpanID)) == Set(inFlight.map(\.parentID.description)))
    }

    @Test(arguments: [
        ("OTEL_TRACES_SAMPLER", "sometimes", "always_on, always_off, traceidratio"),
        ("OTEL_EXPORTER_OTLP_PROTOCOL", "carrier-pigeon", "grpc, http/protobuf"),
        ("OTEL_EXPORTER_OTLP_ENDPOINT", "collector:4317", "http:// or https://"),
        ("HTTP_PORT", "80000", "port number"),
        ("OTEL_TRACES_SAMPLER_ARG", "1.5", "from 0.0 to 1.0"),
    ])
    func invalidConfiguration_exitsAtStartNamingTheVariableAndAcceptedValues(variable: String, value: String, accepted: String) async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: [variable: value])
        #expect(try await catalog.waitForExit() == 78)
        #expect(catalog.standardError.contains("\(variable)=\"\(value)\""), "stderr: \(catalog.standardError)")
        #expect(catalog.standardError.contains(accepted), "stderr: \(catalog.standardError)")
    }

    @Test func collectorDown_requestsAreServedAndDroppedSpansAreCountedAndLoggedOnce() async throws {
        let catalog = try startCatalog(["OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:9", "OTEL_EXPORTER_OTLP_TIMEOUT": "200"])
        let ports = try await catalog.waitForPorts()
        for _ in 0..<20 {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products"), timeout: .seconds(5))
            #expect(response.status == .ok)
        }
        let dropped = try await poll(timeout: .seconds(30), what: "otel_sdk_span_dropped_total > 0") {
            let body = try await scrape(port: ports.metrics, accept: nil).body
            let line = body.split(separator: "\n").first { $0.hasPrefix("otel_sdk_span_dropped_total") }
            return line.flatMap { Double($0.split(separator: " ").last ?? "") }.flatMap { $0 > 0 ? $0 : nil }
        }
        #expect(dropped >= 1)
        let warnings = catalog.logRecords.filter { ($0["message"] as? String)?.hasPrefix("OTLP span export failing") == true }
        #expect(warnings.count == 1)
        catalog.signal(SIGTERM)
        #expect(try await catalog.waitForExit() == 0)
    }

    @Test func collectorReturns_afterAnOutage_exportResumesAndIsLogged() async throws {
        _ = try receiver
        let collectorPort = try freeLoopbackPort()
        let catalog = try startCatalog([
            "OTEL_SERVICE_NAME": "catalog-outage",
            "OTEL_EXPORTER_OTLP_ENDPOINT": "http://127.0.0.1:\(collectorPort)",
            "OTEL_EXPORTER_OTLP_TIMEOUT": "500",
        ])
        let ports = try await catalog.waitForPorts()
        func call(_ caller: TraceParent) async throws {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products")
            request.headers.add(name: "traceparent", value: caller.headerValue)
            #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(5)).status == .ok)
        }
        try await call(TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled]))
        _ = try await poll(timeout: .seconds(30), what: "the export failure to be logged") {
            catalog.logRecords.contains { ($0["message"] as? String)?.hasPrefix("OTLP span export failing") == true } ? true : nil
        }

        let collector = try OTLPReceiverProcess(httpPort: collectorPort, grpcPort: try freeLoopbackPort())
        let afterReturn = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
        let spans = try await poll(timeout: .seconds(30), what: "a span exported after the collector returned") {
            try await call(afterReturn)
            let spans = ReceivedSpans.read(from: collector.spansFile).filter { $0.traceID == afterReturn.traceID.description }
            return spans.isEmpty ? nil : spans
        }
        #expect(spans.first?.resource["service.name"] as? String == "catalog-outage")
        let resumed = try? await poll(timeout: .seconds(10), what: "the export to be logged as resumed") {
            catalog.logRecords.contains { $0["message"] as? String == "OTLP span export resumed" } ? true : nil
        }
        #expect(resumed == true, "no \"OTLP span export resumed\" log line")
        catalog.signal(SIGTERM)
        #expect(try await catalog.waitForExit() == 0)
        await collector.stop()
    }

    func scrape(port: Int, accept: String?) async throws -> (contentType: String, body: String) {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)/metrics")
        if let accept { request.headers.add(name: "accept", value: accept) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 16 << 20)
        return (response.headers.first(name: "content-type") ?? "", String(buffer: body))
    }

    func status(of url: String) async throws -> Int {
        Int(try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5)).status.code)
    }
}
