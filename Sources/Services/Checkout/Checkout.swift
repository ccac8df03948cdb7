import CommerceEvents
import Foundation

/// An accepted checkout as Checkout stored it (`GET /checkouts/{id}`).
struct Checkout: Codable, Sendable, Equatable {
    var id: String
    var customerID: String
    var customerGroup: String
    var items: [LineItem]
    var totalMinor: Int64
    var currency: String
    /// `pricing`, or `cache` when cached prices stood in for an unavailable Pricing.
    var priceSource: String
    var createdAt: Date
}
