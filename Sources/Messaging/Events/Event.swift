/// A domain event type that travels in an ``EventEnvelope``.
///
/// Each event type has a stable name (`checkout.order.created`) and a schema version; a change that
/// old consumers cannot read gets a new version, and consumers name the versions they understand.
///
/// ```swift
/// struct OrderCreated: Event {
///     static let type = "checkout.order.created"
///     static let version = 1
///     var orderID: String
/// }
/// ```
public protocol Event: Codable, Sendable {
    /// The event type's name, e.g. `checkout.order.created`.
    static var type: String { get }
    /// The schema version of this Swift type's payload.
    static var version: Int { get }
}
