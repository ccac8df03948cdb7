import AsyncHTTPClient
import Foundation
import NIOCore
import TelemetryCore
import TelemetryTesting
import Testing

/// One trace from an HTTP request through the outbox, Kafka and Catalog's own consumer to its
/// database write, read back at the real OTLP receiver (scripts/test.sh starts it). The catalog
/// process runs its embedded mock Kafka cluster and an SQLite database in a fresh directory.
@Suite(.serialized, .enabled(if: ReceivedSpans.Environment.current != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct CatalogPriceTraceTests {
    struct HistoryEntry: Codable { var eventID: String; var oldPrice: Int; var newPrice: Int }

    func put(_ url: String, body: String, traceparent: String? = nil) async throws -> Int {
        var request = HTTPClientRequest(url: url)
        request.method = .PUT
        request.headers.add(name: "content-type", value: "application/json")
        if let traceparent { request.headers.add(name: "traceparent", value: traceparent) }
        request.body = .bytes(ByteBuffer(string: body))
        return Int(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status.code)
    }

    func history(_ url: String) async throws -> [HistoryEntry] {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(5))
        let body = try await response.body.collect(upTo: 1 << 20)
        return (try? JSONDecoder().decode([HistoryEntry].self, from: Data(body.readableBytesView))) ?? []
    }

    @Test(.timeLimit(.minutes(2)))
    func priceChange_throughOutboxKafkaAndProjection_isOneTraceAtTheReceiver() async throws {
        let receiver = try #require(ReceivedSpans.Environment.current, "run the tests through scripts/test.sh, which starts the OTLP receiver")
        let dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("catalog-price-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: dataDirectory) }
        let catalog = try ServiceProcess(binary: "catalog", environment: [
            "OTEL_SERVICE_NAME": "catalog-price-trace", "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.httpEndpoint,
            "OTEL_BSP_SCHEDULE_DELAY": "100", "DATA_DIR": dataDirectory.path, "KAFKA_BROKERS": "",
        ])
        let ports = try await catalog.waitForPorts()
        let base = "http://127.0.0.1:\(ports.http)/products"

        #expect(try await put("\(base)/sku-1002/price", body: "{\"price\": \"cheap\"}") == 400)
        #expect(try await put("\(base)/sku-1002/price", body: "{\"price\": -5}") == 400)
        #expect(try await put("\(base)/nope/price", body: "{\"price\": 100}") == 404)

        let caller = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
        #expect(try await put("\(base)/sku-1002/price", body: "{\"price\": 4599}", traceparent: caller.headerValue) == 200)
        let deadline = ContinuousClock.now + .seconds(45)
        var entries: [HistoryEntry] = []
        while entries.isEmpty && ContinuousClock.now < deadline {
            entries = try await history("\(base)/sku-1002/price-history")
            if entries.isEmpty { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(entries.count == 1)
        #expect(entries.first?.oldPrice == 3999)
        #expect(entries.first?.newPrice == 4599)

        // SERVER, SELECT/UPDATE products, INSERT outbox, create, send, UPDATE outbox, process, INSERT inbox, INSERT price_history.
        let spans = try await ReceivedSpans.waitFor(traceID: caller.traceID.description, count: 10, in: receiver.spansFile, timeout: .seconds(30))
        func one(_ kind: String, _ name: String) throws -> ReceivedSpans.Span {
            try #require(spans.first { $0.kind == kind && $0.name == name }, "no \(kind) span \(name) in \(spans.map { "\($0.kind) \($0.name)" })")
        }
        let server = try #require(spans.first { $0.kind == "SERVER" && $0.name.hasPrefix("PUT /products/") })
        let update = try one("CLIENT", "UPDATE products")
        let enqueue = try one("CLIENT", "INSERT outbox")
        let publish = try one("PRODUCER", "create catalog.price.changed")
        let send = try one("PRODUCER", "send catalog.price.changed")
        let process = try one("CONSUMER", "process catalog.price.changed")
        let projection = try one("CLIENT", "INSERT price_history")
        #expect(server.parentSpanID == caller.parentID.description)
        #expect(update.parentSpanID == server.spanID)
        #expect(enqueue.parentSpanID == server.spanID)
        #expect(publish.parentSpanID == server.spanID, "the relay continues the trace stored in the outbox row")
        #expect(send.parentSpanID == publish.spanID)
        #expect(process.parentSpanID == send.spanID)
        #expect(projection.parentSpanID == process.spanID)
        #expect(process.attributes["messaging.consumer.group.name"] as? String == "catalog-price-history")
        #expect(projection.attributes["db.system.name"] as? String == "sqlite")

        catalog.signal(SIGTERM)
        #expect(try await catalog.waitForExit() == 0)
    }
}
