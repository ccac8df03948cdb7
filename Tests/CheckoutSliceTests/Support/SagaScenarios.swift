import CommerceEvents
import Foundation
import TelemetryCore
import TelemetryTesting
import Testing

/// The end-to-end scenarios, run against whatever databases the slice was started with.
enum SagaScenarios {
    /// The Kafka hops of a paid checkout.
    static let confirmedHops: [SagaTrace.Hop] = [
        .init(producer: "checkout", topic: "checkout.order.created", consumer: "inventory"),
        .init(producer: "inventory", topic: "inventory.reserved", consumer: "payment"),
        .init(producer: "payment", topic: "payment.completed", consumer: "order"),
    ]

    /// The Kafka hops of a declined payment, compensation included.
    static let declinedHops: [SagaTrace.Hop] = [
        .init(producer: "checkout", topic: "checkout.order.created", consumer: "inventory"),
        .init(producer: "inventory", topic: "inventory.reserved", consumer: "payment"),
        .init(producer: "payment", topic: "payment.failed", consumer: "order"),
        .init(producer: "order", topic: "inventory.release", consumer: "inventory"),
        .init(producer: "inventory", topic: "inventory.released", consumer: "order"),
    ]

    /// A new sampled caller context: the trace the POST joins.
    static func caller() -> TraceParent {
        TraceParent(traceID: .random(), parentID: .random(), flags: [.sampled])
    }

    /// Checks the parts every saga trace shares: the root SERVER span under the caller, the gRPC calls to
    /// Pricing and Inventory, the services present, and the order id on every CONSUMER span.
    static func expectCommonShape(_ trace: SagaTrace, caller: TraceParent, orderID: String) {
        let root = trace.spans.first { $0.kind == "SERVER" && $0.serviceName == "checkout" && $0.parentSpanID == caller.parentID.description }
        #expect(root?.name == "POST /checkout", "root span: \(String(describing: root?.label))")
        #expect(trace.services.isSuperset(of: ["checkout", "pricing", "inventory", "payment", "order"]), "services: \(trace.services)")
        for service in ["pricing", "inventory"] {
            let calls = trace.grpcCalls(to: service)
            #expect(!calls.isEmpty, "no gRPC SERVER span of \(service) under a checkout CLIENT span")
            for call in calls {
                let client = trace.parent(of: call)
                #expect(client.flatMap { trace.parent(of: $0) }.map { $0.serviceName == "checkout" } == true, "\(service)'s caller is not inside checkout's work")
            }
        }
        for consumer in trace.spans where consumer.kind == "CONSUMER" {
            #expect(consumer.attributes[SagaContext.orderIDKey] as? String == orderID, "\(consumer.label) lacks \(SagaContext.orderIDKey)=\(orderID)")
        }
    }

    /// (a) A paid checkout: 202, order confirmed, stock taken, one trace across five services.
    static func confirmed(_ slice: CheckoutSlice, receiver: ReceivedSpans.Environment) async throws {
        let client = SliceClient(slice: slice)
        let before = try await client.available("sku-1002")
        let caller = caller()
        let answer = try await client.checkout(customerID: "c-e2e", items: [("sku-1002", 3)], traceparent: caller.headerValue)
        #expect(answer.status == 202, "POST /checkout: \(answer.status) \(answer.body)")
        let accepted = try #require(answer.accepted, "no order in \(answer.body)")
        #expect(accepted.totalMinor == 3 * 3999)
        #expect(accepted.currency == "EUR")
        let order = try await client.waitForOrder(accepted.orderID, in: ["confirmed", "failed"])
        #expect(order.status == "confirmed", "order: \(order.status) \(order.reason ?? "")")
        #expect(order.history.last?.status == "confirmed")
        #expect(Set(order.history.map(\.status)).isSuperset(of: ["reserved", "paid", "confirmed"]), "history: \(order.history.map(\.status))")
        #expect(order.totalMinor == accepted.totalMinor)
        let after = try await client.available("sku-1002")
        #expect(after == before - 3, "the 3 ordered are no longer available")
        let payment = try await client.payment(accepted.orderID)
        #expect(payment.status == 200, "GET /payments: \(payment.body)")
        // The same, read from each service's own database.
        let databases = SliceDatabases(slice: slice)
        let id = accepted.orderID
        #expect(try await databases.value("order", "SELECT status FROM orders WHERE id = '\(id)'") == "confirmed")
        #expect(try await databases.value("payment", "SELECT status FROM payments WHERE order_id = '\(id)'") == "completed")
        #expect(try await databases.value("inventory", "SELECT state || ':' || quantity FROM reservations WHERE order_id = '\(id)'") == "reserved:3")
        #expect(try await databases.value("inventory", "SELECT on_hand - reserved FROM stock_levels WHERE product_id = 'sku-1002'") == String(before - 3))
        #expect(try await databases.value("checkout", "SELECT count(*) FROM outbox") != "0", "checkout wrote its event through the outbox")

        let trace = try await SagaTrace.wait(
            traceID: caller.traceID.description, file: receiver.spansFile, hops: confirmedHops,
            published: [("order", "order.confirmed")], grpcServers: ["pricing", "inventory"]
        )
        expectCommonShape(trace, caller: caller, orderID: accepted.orderID)
        #expect(trace.publishes("order", "order.confirmed"))
        #expect(!trace.publishes("order", "order.failed"))
    }

    /// (b) A declined payment: order failed, the reservation released, compensation in the same trace.
    static func declined(_ slice: CheckoutSlice, receiver: ReceivedSpans.Environment) async throws {
        let client = SliceClient(slice: slice)
        let before = try await client.available("sku-1001")
        let caller = caller()
        let answer = try await client.checkout(customerID: "decline-e2e", items: [("sku-1001", 2)], traceparent: caller.headerValue)
        #expect(answer.status == 202, "POST /checkout: \(answer.status) \(answer.body)")
        let accepted = try #require(answer.accepted, "no order in \(answer.body)")
        let order = try await client.waitForOrder(accepted.orderID, in: ["confirmed", "failed"])
        #expect(order.status == "failed")
        #expect(order.reason?.isEmpty == false, "a failed order names its reason")
        // The release runs after the order failed: wait for the stock to come back.
        let restored = try? await poll(timeout: .seconds(30), what: "sku-1001 back to \(before)") {
            try await client.available("sku-1001") == before ? true : nil
        }
        let now = try await client.available("sku-1001")
        #expect(restored == true, "available sku-1001 is \(now), was \(before)")
        let databases = SliceDatabases(slice: slice)
        let id = accepted.orderID
        #expect(try await databases.value("order", "SELECT status FROM orders WHERE id = '\(id)'") == "failed")
        #expect(try await databases.value("payment", "SELECT status FROM payments WHERE order_id = '\(id)'") == "failed")
        #expect(try await databases.value("inventory", "SELECT state FROM reservations WHERE order_id = '\(id)'") == "released")
        #expect(try await databases.value("inventory", "SELECT on_hand - reserved FROM stock_levels WHERE product_id = 'sku-1001'") == String(before))

        let trace = try await SagaTrace.wait(
            traceID: caller.traceID.description, file: receiver.spansFile, hops: declinedHops,
            published: [("order", "order.failed"), ("order", "notification.requested")], grpcServers: ["pricing", "inventory"]
        )
        expectCommonShape(trace, caller: caller, orderID: accepted.orderID)
        #expect(!trace.publishes("order", "order.confirmed"))
    }
}
