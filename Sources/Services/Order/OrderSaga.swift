import CommerceEvents
import Foundation
import Kafka
import Messaging
import Storage

/// Order's part of the checkout saga: each consumed event goes through ``OrderStateMachine`` in the
/// consumer's (inbox) transaction; the new state, its history rows and the events the transition asks
/// for commit together. The saga metrics (``SagaMetrics``) are recorded in the handler's aftermath, once the
/// transaction committed: never for a duplicate delivery or a rolled-back transaction.
struct OrderSaga: Sendable {
    /// The consumer group (and inbox consumer name).
    static let group = "order-saga"
    /// The topics Order consumes.
    static let topics = [
        OrderCreated.topic, InventoryReserved.topic, InventoryReservationFailed.topic,
        PaymentCompleted.topic, PaymentFailed.topic, InventoryReleased.topic,
    ]

    /// The consumer's retries: an event that overtook its predecessor is retried until the predecessor is
    /// applied, so allow ~30 s of backoff (20 attempts, 50 ms doubling up to 2 s) before dead-lettering.
    static let retryPolicy = KafkaRetryPolicy(maxAttempts: 20, baseDelay: .milliseconds(50), maxDelay: .seconds(2))

    let outbox: EventOutbox
    let metrics: SagaMetrics
    /// The current time (injected so tests control it).
    var now: @Sendable () -> Date = { Date() }

    /// The handlers of every consumed event type.
    var handlers: EventHandlers {
        var handlers = EventHandlers()
        handlers.on(OrderCreated.self, committing: { envelope, tx in
            let event = envelope.data
            let record = OrderRecord(
                id: event.orderID, state: .created, customerID: event.customerID, totalMinor: event.totalMinor,
                currency: event.currency, createdAt: envelope.time
            )
            return try await apply(.orderCreated, orderID: event.orderID, newOrder: record, in: tx)
        })
        handlers.on(InventoryReserved.self, committing: { envelope, tx in try await apply(.inventoryReserved, orderID: envelope.data.orderID, in: tx) })
        handlers.on(InventoryReservationFailed.self, committing: { envelope, tx in
            try await apply(.reservationFailed(reason: envelope.data.reason), orderID: envelope.data.orderID, in: tx)
        })
        handlers.on(PaymentCompleted.self, committing: { envelope, tx in try await apply(.paymentCompleted, orderID: envelope.data.orderID, in: tx) })
        handlers.on(PaymentFailed.self, committing: { envelope, tx in
            try await apply(.paymentFailed(reason: envelope.data.reason), orderID: envelope.data.orderID, in: tx)
        })
        handlers.on(InventoryReleased.self, committing: { envelope, tx in try await apply(.inventoryReleased, orderID: envelope.data.orderID, in: tx) })
        return handlers
    }

    /// Applies `input` to order `orderID`; `newOrder` is the record to create (only `checkout.order.created` has one).
    /// Returns the saga metrics to record once `tx` committed (nil when nothing changed), so a rolled-back
    /// transaction or a duplicate delivery never counts.
    ///
    /// - Throws: ``KafkaHandlerError`` (transient) when the event came before its predecessor.
    func apply(
        _ input: OrderInput, orderID: String, newOrder: OrderRecord? = nil, in tx: any DatabaseTransaction
    ) async throws -> EventHandlers.Aftermath? {
        let time = now()
        let current = try await OrderStore.lock(id: orderID, in: tx)
        switch OrderStateMachine.decide(current?.state, input) {
        case .retryLater:
            throw KafkaHandlerError(.transient, reason: "\(input.eventType) for order \(orderID) arrived before its predecessor (state \(current?.state.status ?? "unknown"))")
        case .ignore:
            return nil
        case .note:
            guard let current else { return nil }
            try await OrderStore.appendHistory(id: orderID, status: current.state.status, event: input.eventType, at: time, in: tx)
            return nil
        case .advance(let path, let effects):
            guard var order = current ?? newOrder, let final = path.last else { return nil }
            if current == nil {
                guard try await OrderStore.insert(order, at: time, in: tx) else {
                    throw KafkaHandlerError(.transient, reason: "order \(orderID) was created concurrently")
                }
            } else {
                try await OrderStore.update(id: orderID, to: final, at: time, in: tx)
            }
            for state in path {
                try await OrderStore.appendHistory(id: orderID, status: state.status, event: input.eventType, at: time, in: tx)
            }
            order.state = final
            let published = try await publish(effects, for: order, in: tx)
            let metrics = metrics
            let compensations = effects.compactMap { effect -> String? in
                if case .requestRelease(let reason) = effect { reason } else { nil }
            }
            let ended = final.isTerminal ? (outcome: final.status, after: time.timeIntervalSince(order.createdAt)) : nil
            return {
                for type in published { metrics.stepPublished(type) }
                for reason in compensations { metrics.compensationIssued(reason: reason) }
                if let ended { metrics.sagaEnded(outcome: ended.outcome, after: ended.after) }
            }
        }
    }

    /// Enqueues the events `effects` ask for; returns their types.
    private func publish(_ effects: [OrderEffect], for order: OrderRecord, in tx: any DatabaseTransaction) async throws -> [String] {
        var types: [String] = []
        for effect in effects {
            switch effect {
            case .publishConfirmed:
                try await outbox.enqueue(
                    OrderConfirmed(orderID: order.id, customerID: order.customerID, totalMinor: order.totalMinor, currency: order.currency),
                    topic: OrderConfirmed.topic, aggregateID: order.id, in: tx
                )
                types.append(OrderConfirmed.type)
            case .publishFailed(let reason):
                try await outbox.enqueue(
                    OrderFailed(orderID: order.id, customerID: order.customerID, reason: reason), topic: OrderFailed.topic, aggregateID: order.id, in: tx
                )
                types.append(OrderFailed.type)
            case .requestRelease(let reason):
                try await outbox.enqueue(InventoryRelease(orderID: order.id, reason: reason), topic: InventoryRelease.topic, aggregateID: order.id, in: tx)
                types.append(InventoryRelease.type)
            case .notifyCustomer(let reason):
                try await outbox.enqueue(
                    NotificationRequested(customerID: order.customerID, orderID: order.id, template: "order_failed", parameters: ["reason": reason]),
                    topic: NotificationRequested.topic, key: order.customerID, aggregateID: order.id, in: tx
                )
                types.append(NotificationRequested.type)
            }
        }
        return types
    }
}
