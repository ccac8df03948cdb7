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

    /// A `checkout.order.created` Inventory cannot act on fails permanently (to the dead-letter topic).
    static func validate(_ order: OrderCreated) throws {
        guard !order.orderID.isEmpty else { throw KafkaHandlerError(.permanent, reason: "orderID is empty") }
        guard !order.items.isEmpty else { throw KafkaHandlerError(.permanent, reason: "order \(order.orderID) has no items") }
        if let bad = order.items.first(where: { $0.quantity <= 0 || $0.productID.isEmpty }) {
            throw KafkaHandlerError(.permanent, reason: "order \(order.orderID): item \(bad.productID) has quantity \(bad.quantity)")
        }
    }
}
