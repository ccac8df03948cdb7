import Messaging

/// A product's price changed (`catalog.price.changed` v1), published through the outbox.
struct PriceChanged: Event, Equatable {
    static let type = "catalog.price.changed"
    static let version = 1
    /// The topic the event is published to.
    static let topic = "catalog.price.changed"

    var productID: String
    var oldPrice: Int
    var newPrice: Int
}
