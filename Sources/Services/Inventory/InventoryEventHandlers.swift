import CommerceEvents
import Kafka
import Messaging
import Storage

/// Inventory's saga consumer: `checkout.order.created` reserves, `inventory.release` releases. Both
/// run in the consumer's inbox transaction; once it committed, the changed levels go to WatchStock
/// watchers and the published step is counted.
struct InventoryEventHandlers: Sendable {
    /// The consumer group (and inbox consumer name).
    static let group = "inventory"
    static let topics = [OrderCreated.topic, InventoryRelease.topic]

    let store: StockStore
    let broadcaster: StockBroadcaster
    let steps: SagaSteps

    /// The saga steps (event types) Inventory publishes.
    static let publishedSteps = [InventoryReserved.type, InventoryReservationFailed.type, InventoryReleased.type]

    var handlers: EventHandlers {
        var handlers = EventHandlers()
        let (store, broadcaster, steps) = (store, broadcaster, steps)
        handlers.on(OrderCreated.self, committing: { envelope, tx in
            try Self.validate(envelope.data)
            let outcome = try await store.reserve(envelope.data, in: tx)
            return {
                if case .reserved(_, let levels) = outcome { broadcaster.publish(levels) }
                if let step = outcome.eventType { steps.record(step) }
            }
        })
        handlers.on(InventoryRelease.self, committing: { envelope, tx in
            guard let released = try await store.release(orderID: envelope.data.orderID, in: tx) else { return nil }
            return {
                broadcaster.publish(released.levels)
                steps.record(InventoryReleased.type)
            }
        })
        return handlers
    }

    /// A `checkout.order.created` without an order id fails permanently (to the dead-letter topic): no
    /// one waits for it. An order with invalid items is failed (`invalid_order`) by ``StockStore/reserve(_:in:)``
    /// so Order does not wait in `created` forever.
    static func validate(_ order: OrderCreated) throws {
        guard !order.orderID.isEmpty else { throw KafkaHandlerError(.permanent, reason: "orderID is empty") }
    }
}
