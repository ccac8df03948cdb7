import AsyncHTTPClient
import Foundation
import GRPCCore
import NIOCore
import TelemetryTesting
import Testing

/// The real `checkout` executable against real gRPC servers started here (stub Pricing and Inventory
/// that can be told to fail): the deadline-bounded calls, retries, both breakers tripping and
/// recovering, the flight-recorder dump of an opening breaker, and the cached-price fallback.
@Suite(.serialized) struct CheckoutProcessTests {
    static let prices: [String: Int64] = ["sku-1001": 2490, "sku-1002": 3999, "sku-1020": 500]
    static let levels: [String: Int64] = ["sku-1001": 1_000_000, "sku-1002": 1_000_000, "sku-1020": 0]

    struct Running: Sendable {
        let process: ServiceProcess
        let ports: ServiceProcess.Ports

        func checkout(_ json: String) async throws -> (status: Int, body: [String: Any]) {
            var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/checkout")
            request.method = .POST
            request.headers.add(name: "content-type", value: "application/json")
            request.body = .bytes(ByteBuffer(string: json))
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(10))
            let bytes = try await response.body.collect(upTo: 1 << 20)
            let body = (try? JSONSerialization.jsonObject(with: Data(bytes.readableBytesView))) as? [String: Any] ?? [:]
            return (Int(response.status.code), body)
        }

        func metrics() async throws -> String {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(ports.metrics)/metrics"), timeout: .seconds(10))
            return String(buffer: try await response.body.collect(upTo: 8 << 20))
        }

        /// The sum of every series of metric `name`.
        func total(_ name: String) async throws -> Double {
            try await metrics().split(separator: "\n").filter { $0.hasPrefix(name + "{") || $0.hasPrefix(name + " ") }
                .compactMap { Double($0.split(separator: " ").last ?? "") }.reduce(0, +)
        }

        /// The value of the first series whose line starts with `series` (name and labels as rendered).
        func metric(_ series: String) async throws -> Double? {
            try await metrics().split(separator: "\n").first { $0.hasPrefix(series + " ") }
                .flatMap { Double($0.split(separator: " ").last ?? "") }
        }
    }

    func withCheckout(
        pricingPort: Int, inventoryPort: Int, environment extra: [String: String] = [:], _ body: (Running) async throws -> Void
    ) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let process = try ServiceProcess(
            binary: "checkout",
            environment: [
                "DATA_DIR": data.path, "OTEL_TRACES_EXPORTER": "none", "KAFKA_BROKERS": "",
                "PRICING_GRPC_TARGET": "127.0.0.1:\(pricingPort)", "INVENTORY_GRPC_TARGET": "127.0.0.1:\(inventoryPort)",
                // Generous deadlines: the suite runs beside hundreds of tests on two cores, and a first call sets up
                // its HTTP/2 connection; the deadline test below sets its own short one.
                "CHECKOUT_RETRY_ATTEMPTS": "2", "CHECKOUT_BREAKER_OPEN_MS": "1000", "CHECKOUT_REQUEST_TIMEOUT_MS": "10000",
                "CHECKOUT_ATTEMPT_TIMEOUT_MS": "5000",
            ].merging(extra) { _, new in new }
        )
        let ports = try await process.waitForPorts(grpc: false, timeout: .seconds(60))
        let running = Running(process: process, ports: ports)
        do {
            try await body(running)
        } catch {
            Issue.record("checkout stderr: \(process.standardError)")
            throw error
        }
        process.signal(SIGTERM)
        #expect(try await process.waitForExit() == 0)
    }

    static let oneItem = #"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":2}]}"#

    @Test func checkout_inventoryFailing_breakerTripsDumpsAnswers503ThenRecovers() async throws {
        let pricing = StubPricing(prices: Self.prices)
        let inventory = StubInventory(levels: Self.levels)
        try await withGRPCServer([pricing]) { pricingPort in
            try await withGRPCServer([inventory]) { inventoryPort in
                try await withCheckout(pricingPort: pricingPort, inventoryPort: inventoryPort) { checkout in
                    let accepted = try await checkout.checkout(Self.oneItem)
                    #expect(accepted.status == 202)
                    #expect(accepted.body["totalMinor"] as? Int == 4980)
                    #expect(try await checkout.metric(#"kit_circuit_breaker_state{dependency="inventory"}"#) == 0)
                    #expect(try await checkout.metric(#"checkout_saga_steps_total{step="checkout.order.created"}"#) == 1)
                    // The relay publishes the checkout's event (to the embedded Kafka).
                    let published = try await poll(timeout: .seconds(20), what: "the outbox relay's publish") {
                        let total = try await checkout.total("outbox_published_total")
                        return total >= 1 ? total : nil
                    }
                    #expect(published == 1)

                    inventory.set(.failing(.unavailable))
                    let callsBefore = inventory.calls
                    // Two attempts per request (one retry). The window holds the first request's success, so
                    // the 9th failure makes 10 calls with >= 50% failed: it trips in the 5th request, whose
                    // retry the open breaker refuses.
                    for _ in 0..<5 {
                        let failed = try await checkout.checkout(Self.oneItem)
                        #expect(failed.status == 503)
                        #expect((failed.body["detail"] as? String)?.contains("inventory") == true)
                    }
                    // (10 on a machine so slow that the success left the 10 s window first.)
                    let callsWhenOpened = inventory.calls - callsBefore
                    #expect((9...10).contains(callsWhenOpened))
                    #expect(try await checkout.metric(#"kit_circuit_breaker_state{dependency="inventory"}"#) == 2)
                    #expect(try await checkout.metric(#"kit_retries_total{dependency="inventory",outcome="failure"}"#) == 5)

                    // Open: refused without calling Inventory.
                    #expect(try await checkout.checkout(Self.oneItem).status == 503)
                    #expect(inventory.calls - callsBefore == callsWhenOpened)

                    let dumps = try await poll(timeout: .seconds(10), what: "a circuit_breaker_open dump") {
                        try await checkout.metric(#"kit_flightrecorder_dumps_total{trigger="circuit_breaker_open"}"#)
                    }
                    #expect(dumps >= 1)
                    let files = try FileManager.default.contentsOfDirectory(atPath: checkout.process.flightRecorderDirectory)
                    #expect(files.contains { $0.contains("circuit_breaker_open") })

                    // Healed: after the open timeout a probe goes through and closes the breaker.
                    inventory.set(.healthy)
                    let recovered = try await poll(timeout: .seconds(15), what: "a 202 after the breaker's timeout") {
                        let answer = try await checkout.checkout(Self.oneItem)
                        if answer.status != 202 { try await Task.sleep(for: .milliseconds(200)) }
                        return answer.status == 202 ? answer.status : nil
                    }
                    #expect(recovered == 202)
                    #expect(try await checkout.metric(#"kit_circuit_breaker_state{dependency="inventory"}"#) == 0)
                }
            }
        }
    }

    @Test func checkout_pricingFailing_cachedPricesStandInAndItsBreakerOpens() async throws {
        let pricing = StubPricing(prices: Self.prices)
        let inventory = StubInventory(levels: Self.levels)
        try await withGRPCServer([pricing]) { pricingPort in
            try await withGRPCServer([inventory]) { inventoryPort in
                try await withCheckout(pricingPort: pricingPort, inventoryPort: inventoryPort) { checkout in
                    #expect(try await checkout.checkout(Self.oneItem).status == 202)
                    pricing.set(.failing(.unavailable))
                    for _ in 0..<6 {
                        let answer = try await checkout.checkout(Self.oneItem)
                        #expect(answer.status == 202)
                        #expect(answer.body["totalMinor"] as? Int == 4980)
                    }
                    #expect(try await checkout.metric(#"kit_circuit_breaker_state{dependency="pricing"}"#) == 2)
                    // A product never priced before has no cached price: 503.
                    let uncached = try await checkout.checkout(#"{"customerID":"c-1","items":[{"productID":"sku-1002","quantity":1}]}"#)
                    #expect(uncached.status == 503)
                    #expect((uncached.body["detail"] as? String)?.contains("pricing") == true)
                }
            }
        }
    }

    @Test func checkout_validationAndStock_answerProblemsWithoutWriting() async throws {
        let pricing = StubPricing(prices: Self.prices)
        let inventory = StubInventory(levels: Self.levels)
        try await withGRPCServer([pricing]) { pricingPort in
            try await withGRPCServer([inventory]) { inventoryPort in
                try await withCheckout(pricingPort: pricingPort, inventoryPort: inventoryPort) { checkout in
                    let unknown = try await checkout.checkout(#"{"customerID":"c-1","items":[{"productID":"sku-0000","quantity":1}]}"#)
                    #expect(unknown.status == 422)
                    #expect((unknown.body["invalid-params"] as? [[String: String]])?.first?["name"] == "items[0].productID")
                    let zero = try await checkout.checkout(#"{"customerID":"c-1","items":[{"productID":"sku-1001","quantity":0}]}"#)
                    #expect(zero.status == 422)
                    let oversized = try await checkout.checkout(String(repeating: " ", count: 70_000) + Self.oneItem)
                    #expect(oversized.status == 413)
                    #expect(try await checkout.checkout("[").status == 400)
                    let outOfStock = try await checkout.checkout(#"{"customerID":"c-1","items":[{"productID":"sku-1020","quantity":1}]}"#)
                    #expect(outOfStock.status == 409)
                    #expect((outOfStock.body["invalid-params"] as? [[String: String]])?.first?["name"] == "items[0].quantity")
                    #expect((try await checkout.metric(#"checkout_saga_steps_total{step="checkout.order.created"}"#) ?? 0) == 0)
                }
            }
        }
    }

    @Test func checkout_slowInventory_requestDeadlineBoundsTheCalls() async throws {
        let pricing = StubPricing(prices: Self.prices)
        let inventory = StubInventory(levels: Self.levels)
        inventory.set(.slow(.seconds(10)))
        try await withGRPCServer([pricing]) { pricingPort in
            try await withGRPCServer([inventory]) { inventoryPort in
                let environment = ["CHECKOUT_REQUEST_TIMEOUT_MS": "500", "CHECKOUT_ATTEMPT_TIMEOUT_MS": "5000"]
                try await withCheckout(pricingPort: pricingPort, inventoryPort: inventoryPort, environment: environment) { checkout in
                    let start = ContinuousClock.now
                    let answer = try await checkout.checkout(Self.oneItem)
                    let elapsed = ContinuousClock.now - start
                    #expect(answer.status == 503)
                    #expect((answer.body["detail"] as? String)?.contains("inventory") == true)
                    // Bounded by the 500 ms request deadline, not the 5 s attempt timeout or the 10 s stub.
                    #expect(elapsed < .seconds(3))
                    // The timed-out attempt is not retried: no time remains.
                    #expect(inventory.calls == 1)
                }
            }
        }
    }

    @Test(arguments: [("PRICING_GRPC_TARGET", "pricing-without-port"), ("CHECKOUT_REQUEST_TIMEOUT_MS", "soon")])
    func start_invalidSetting_exits78NamingTheVariable(variable: String, value: String) async throws {
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-\(UInt32.random(in: 0...UInt32.max))")
        defer { try? FileManager.default.removeItem(at: data) }
        let process = try ServiceProcess(binary: "checkout", environment: ["OTEL_TRACES_EXPORTER": "none", "DATA_DIR": data.path, variable: value])
        #expect(try await process.waitForExit() == 78)
        #expect(process.standardError.contains(variable))
    }
}
