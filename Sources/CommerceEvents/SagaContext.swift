public import Instrumentation
import TelemetryCore

/// How the checkout saga's order id travels: as W3C baggage (so every hop, Kafka included, sees it)
/// and as a span attribute on every span of the saga.
public enum SagaContext {
    /// The baggage key and span attribute name of the order (saga) id.
    public static let orderIDKey = "commerce.order.id"

    /// `context` with the order id added to its baggage.
    public static func context(_ context: ServiceContext, orderID: String) -> ServiceContext {
        var context = context
        var baggage = context.baggage ?? Baggage()
        baggage[orderIDKey] = orderID
        context.baggage = baggage
        return context
    }

    /// The order id in `context`'s baggage, if any.
    public static func orderID(in context: ServiceContext?) -> String? {
        context?.baggage?[orderIDKey]
    }
}
