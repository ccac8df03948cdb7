import AsyncHTTPClient
import Foundation
import NIOCore
import TelemetryCore
import TelemetryTesting
import Testing

/// The real `checkout` executable exporting to the real OTLP receiver (rotel, started by scripts/test.sh):
/// one trace from the caller's `POST /checkout` through the Pricing and Inventory gRPC calls to the
/// outbox publish, with the order id as an attribute.
@Suite(.enabled(if: ReceivedSpans.Environment.current != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct CheckoutTraceTests {
    @Test func checkout_accepted_oneTraceFromHTTPThroughGRPCToThePublish() async throws {
        let receiver = try #require(ReceivedSpans.Environment.current, "run the tests through scripts/test.sh, which starts the OTLP receiver")
        let pricing = StubPricing(prices: ["sku-1001": 2490])
        let inventory = StubInventory(levels: ["sku-1001": 10])
        try await withGRPCServer([pricing]) { pricingPort in
            try await withGRPCServer([inventory]) { inventoryPort in
                let data = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-\(UInt32.random(in: 0...UInt32.max))")
                defer { try? FileManager.default.removeItem(at: data) }
                let process = try ServiceProcess(
                    binary: "checkout",
                    environment: [
                        "DATA_DIR": data.path, "KAFKA_BROKERS": "", "OTEL_SERVICE_NAME": "checkout-trace-test",
                        "OTEL_EXPORTER_OTLP_PROTOCOL": "grpc", "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.grpcEndpoint, "OTEL_BSP_SCHEDULE_DELAY": "100",
                        "PRICING_GRPC_TARGET": "127.0.0.1:\(pricingPort)", "INVENTORY_GRPC_TARGET": "127.0.0.1:\(inventoryPort)",
                        // The stub servers share this test process with hundreds of tests on two cores: deadlines
                        // far above a call's time, so the trace is the accepted one (one attempt per dependency).
                        "CHECKOUT_REQUEST_TIMEOUT_MS": "20000", "CHECKOUT_ATTEMPT_TIMEOUT_MS": "10000",
                    ]
                )
                let ports = try await process.waitForPorts(grpc: false, timeout: .seconds(60))
                let caller = TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
                var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/checkout")
                request.method = .POST
                request.headers.add(name: "traceparent", value: caller.headerValue)
                request.body = .bytes(ByteBuffer(string: #"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":1}]}"#))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
                #expect(response.status == .accepted)
                let body = try await response.body.collect(upTo: 1 << 16)
                let answer = try #require(try JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any])
                let orderID = try #require(answer["orderID"] as? String)

                let traceID = caller.traceID.description
                let spans = try await poll(timeout: .seconds(30), what: "the checkout's spans including the publish") {
                    let spans = ReceivedSpans.read(from: receiver.spansFile).filter { $0.traceID == traceID }
                    return spans.contains { $0.kind == "PRODUCER" } ? spans : nil
                }
                let server = try #require(spans.first { $0.kind == "SERVER" })
                #expect(server.parentSpanID == caller.parentID.description)
                let place = try #require(spans.first { $0.name == "checkout.place_order" })
                #expect(place.parentSpanID == server.spanID)
                #expect(place.attributes["commerce.order.id"] as? String == orderID)
                let getPrices = try #require(spans.first { $0.kind == "CLIENT" && $0.name == "commerce.pricing.v1.Pricing/GetPrices" })
                let getLevels = try #require(spans.first { $0.kind == "CLIENT" && $0.name == "commerce.inventory.v1.Inventory/GetLevels" })
                #expect(getPrices.parentSpanID == place.spanID)
                #expect(getLevels.parentSpanID == place.spanID)
                #expect(spans.allSatisfy { $0.resource["service.name"] as? String == "checkout-trace-test" })
                process.signal(SIGTERM)
                #expect(try await process.waitForExit() == 0)
            }
        }
    }
}
