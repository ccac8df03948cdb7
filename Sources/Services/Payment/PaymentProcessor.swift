import CommerceEvents
import CoreMetrics
import Foundation
import Kafka
import Messaging
import Storage
import Tracing

/// Charges each reserved order once and refunds completed payments.
///
/// The charge happens before the consumer's (inbox) transaction (``EventHandlers/on(_:prepare:committing:)``),
/// so a slow gateway does not hold a database transaction open (SQLite runs them one at a time); the
/// transaction then records the payment and its event. The gateway call is keyed by the order id: if
/// Payment stops between the charge and the commit, the redelivered `inventory.reserved` charges again
/// with the same key and the gateway answers with the first result, so money moves once and the
/// recorded payment carries the first charge's id. A delivery for an order that already has a payment
/// (a duplicate or a new envelope) does not ask the gateway and changes nothing.
struct PaymentProcessor: Sendable {
    /// The consumer group (and inbox consumer name).
    static let group = "payment"
    /// The consumer's retries: a gateway outage is retried (100 ms doubling up to 5 s) until ``giveUpAfter``
    /// has passed since the envelope's time; then the payment is recorded as failed (`gateway_unavailable`).
    /// 15 attempts (~1 minute) outlast the default 30 s budget, so the event is not dead-lettered.
    static let retryPolicy = KafkaRetryPolicy(maxAttempts: 15, baseDelay: .milliseconds(100), maxDelay: .seconds(5))

    let database: any Database
    let gateway: any PaymentGateway
    let outbox: EventOutbox
    let tracer: any Tracer
    let metricsFactory: any MetricsFactory
    /// `PAYMENT_GATEWAY_GIVE_UP_SECONDS`: how long after the envelope's time a gateway outage is retried
    /// before the payment fails with `gateway_unavailable` (nothing was charged: ``GatewayError`` contract).
    var giveUpAfter: TimeInterval = 30
    /// The current time (injected so tests control it).
    var now: @Sendable () -> Date = { Date() }
    /// `checkout.saga.steps`, its counters built once.
    private let steps: SagaSteps

    init(database: any Database, gateway: any PaymentGateway, outbox: EventOutbox, tracer: any Tracer, metricsFactory: any MetricsFactory) {
        self.database = database
        self.gateway = gateway
        self.outbox = outbox
        self.tracer = tracer
        self.metricsFactory = metricsFactory
        steps = SagaSteps(factory: metricsFactory, steps: [PaymentCompleted.type, PaymentFailed.type, PaymentRefunded.type])
    }

    /// The handler of `inventory.reserved`: charge first, then record in the inbox transaction.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(
            InventoryReserved.self,
            prepare: { envelope in try await prepareCharge(envelope.data, sentAt: envelope.time) },
            committing: { envelope, charge, tx in try await record(envelope.data, charge: charge, in: tx) }
        )
        return handlers
    }

    /// Charges the reserved order at the gateway (outside any transaction) unless it already has a
    /// payment; nil when it has. Idempotent: a repeated call gets the gateway's first result. When the
    /// gateway is unavailable and ``giveUpAfter`` has passed since `sentAt` (nil: never give up), the answer
    /// is `.declined(reason: "gateway_unavailable")`: nothing was charged, so the saga compensates.
    ///
    /// - Throws: ``KafkaHandlerError`` (transient) when the gateway is unavailable within the budget; database errors.
    func prepareCharge(_ reserved: InventoryReserved, sentAt: Date? = nil) async throws -> ChargeResult? {
        guard try await PaymentStore.payment(orderID: reserved.orderID, in: database) == nil else { return nil }
        do {
            return try await tracedCharge(
                ChargeRequest(idempotencyKey: reserved.orderID, customerID: reserved.customerID, amountMinor: reserved.totalMinor, currency: reserved.currency)
            )
        } catch let error as KafkaHandlerError {
            guard let sentAt, now().timeIntervalSince(sentAt) >= giveUpAfter else { throw error }
            return .declined(reason: Self.gatewayUnavailable)
        }
    }

    /// The `payment.failed` reason when the gateway stayed unavailable past ``giveUpAfter``.
    static let gatewayUnavailable = "gateway_unavailable"

    /// Records `charge` (from ``prepareCharge(_:)``) as the order's payment with its event; nothing when
    /// the order already has a payment. Returns the step count to record once `tx` committed.
    ///
    /// - Throws: ``KafkaHandlerError`` (transient) when another delivery recorded the payment concurrently.
    func record(_ reserved: InventoryReserved, charge: ChargeResult?, in tx: any DatabaseTransaction) async throws -> EventHandlers.Aftermath? {
        guard let charge, try await PaymentStore.lock(orderID: reserved.orderID, in: tx) == nil else { return nil }
        var payment = PaymentRecord(
            orderID: reserved.orderID, paymentID: nil, customerID: reserved.customerID, status: .completed, reason: nil,
            amountMinor: reserved.totalMinor, currency: reserved.currency
        )
        switch charge {
        case .approved(let paymentID):
            payment.paymentID = paymentID
        case .declined(let reason):
            payment.status = .failed
            payment.reason = reason
        }
        guard try await PaymentStore.insert(payment, at: now(), in: tx) else {
            throw KafkaHandlerError(.transient, reason: "the payment of order \(reserved.orderID) was recorded concurrently")
        }
        let step: String
        if let paymentID = payment.paymentID {
            try await outbox.enqueue(
                PaymentCompleted(orderID: payment.orderID, paymentID: paymentID, amountMinor: payment.amountMinor, currency: payment.currency),
                topic: PaymentCompleted.topic, aggregateID: payment.orderID, in: tx
            )
            step = PaymentCompleted.type
        } else {
            try await outbox.enqueue(
                PaymentFailed(orderID: payment.orderID, reason: payment.reason ?? "declined"), topic: PaymentFailed.topic,
                aggregateID: payment.orderID, in: tx
            )
            step = PaymentFailed.type
        }
        return { stepPublished(step) }
    }

    /// The gateway call in a CLIENT span `gateway.charge`; an outage becomes a transient handler error.
    private func tracedCharge(_ request: ChargeRequest) async throws -> ChargeResult {
        try await tracer.withSpan("gateway.charge", ofKind: .client) { span in
            span.attributes[SagaContext.orderIDKey] = request.idempotencyKey
            span.attributes["payment.gateway.name"] = "simulated"
            do throws(GatewayError) {
                let result = try await gateway.charge(request)
                if case .declined(let reason) = result { span.attributes["payment.outcome"] = reason } else { span.attributes["payment.outcome"] = "approved" }
                return result
            } catch {
                span.attributes["error.type"] = error.code.rawValue
                span.setStatus(SpanStatus(code: .error, message: error.message))
                throw KafkaHandlerError(.transient, reason: error.description)
            }
        }
    }

    func stepPublished(_ eventType: String) {
        steps.record(eventType)
    }
}
