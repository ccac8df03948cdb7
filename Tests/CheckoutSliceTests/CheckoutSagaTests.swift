import Foundation
import TelemetryTesting
import Testing

/// The checkout saga end to end: the kafka-mock-broker process and the six service processes with SQLite
/// (or, in the last test, PostgreSQL), traces read back at the OTLP receiver scripts/test.sh starts.
/// Serialized: each test runs seven processes.
@Suite(.serialized, .enabled(if: ReceivedSpans.Environment.current != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct CheckoutSagaTests {
    var receiver: ReceivedSpans.Environment {
        get throws { try #require(ReceivedSpans.Environment.current, "run the tests through scripts/test.sh, which starts the OTLP receiver") }
    }

    @Test(.timeLimit(.minutes(5)))
    func checkout_paidAndDeclined_confirmedOrCompensatedInOneTraceEach() async throws {
        let receiver = try receiver
        let slice = try await CheckoutSlice(receiver: receiver)
        do {
            try await SagaScenarios.confirmed(slice, receiver: receiver)
            try await SagaScenarios.declined(slice, receiver: receiver)
        } catch {
            Issue.record("\(error)\n\(slice.logTails)")
        }
        let statuses = await slice.stop()
        #expect(statuses.values.allSatisfy { $0 == 0 }, "graceful exits: \(statuses)")
    }

    @Test(.timeLimit(.minutes(5)))
    func checkout_paymentKilledMidCharge_sagaCompletesAfterRestartWithOneCharge() async throws {
        let receiver = try receiver
        // A slow gateway keeps the charge in flight long enough to kill Payment in the middle of it.
        let slice = try await CheckoutSlice(receiver: receiver, extra: ["payment": ["PAYMENT_GATEWAY_LATENCY_MS": "3000"]])
        do {
            let client = SliceClient(slice: slice)
            let caller = SagaScenarios.caller()
            let answer = try await client.checkout(customerID: "c-crash", items: [("sku-1003", 1)], traceparent: caller.headerValue)
            let accepted = try #require(answer.accepted, "POST /checkout: \(answer.status) \(answer.body)")
            // Inventory reserved; Payment has the event and sits in the gateway call.
            _ = try await client.waitForOrder(accepted.orderID, in: ["reserved"])
            try await Task.sleep(for: .milliseconds(800))
            let before = try await client.order(accepted.orderID)
            #expect(before?.status == "reserved", "payment must not have finished before the kill")
            try await slice.kill("payment")
            try slice.start("payment")
            try await slice.waitUntilReady("payment")
            // The restarted member gets the partition once the killed one's session expired.
            let order = try await client.waitForOrder(accepted.orderID, in: ["confirmed", "failed"], timeout: .seconds(150))
            #expect(order.status == "confirmed")
            let payment = try await client.payment(accepted.orderID)
            let record = try JSONSerialization.jsonObject(with: Data(payment.body.utf8)) as? [String: Any]
            #expect(payment.status == 200 && record?["status"] as? String == "completed", "GET /payments: \(payment.status) \(payment.body)")
            #expect(order.history.filter { $0.status == "paid" }.count == 1, "paid once: \(order.history.map(\.status))")
        } catch {
            Issue.record("\(error)\n\(slice.logTails)")
        }
        await slice.stop()
    }

    /// The same saga with every service on PostgreSQL (the server scripts/test.sh starts, `POSTGRES_TEST_URL`):
    /// one database per service, created for this test.
    @Test(
        .timeLimit(.minutes(5)),
        .enabled(if: ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"] != nil || ProcessInfo.processInfo.environment["CI"] != nil)
    )
    func checkout_onPostgreSQL_paidConfirmedAndDeclinedCompensated() async throws {
        let receiver = try receiver
        let server = try #require(ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"], "run the tests through scripts/test.sh, which starts PostgreSQL")
        let databases = try await PostgresDatabases.create(for: CheckoutSlice.services, on: server)
        let slice = try await CheckoutSlice(receiver: receiver, databaseURLs: databases.urls)
        do {
            try await SagaScenarios.confirmed(slice, receiver: receiver)
            try await SagaScenarios.declined(slice, receiver: receiver)
        } catch {
            Issue.record("\(error)\n\(slice.logTails)")
        }
        let statuses = await slice.stop()
        #expect(statuses.values.allSatisfy { $0 == 0 }, "graceful exits: \(statuses)")
        await databases.drop()
    }
}
