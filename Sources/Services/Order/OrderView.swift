import Foundation

/// An order as `GET /orders/{id}` shows it.
struct OrderView: Codable, Sendable, Equatable {
    /// One transition (or noted event) of the order.
    struct HistoryEntry: Codable, Sendable, Equatable {
        var status: String
        var at: Date
        var event: String
    }

    var id: String
    var status: String
    var reason: String?
    var customerID: String
    var totalMinor: Int64
    var currency: String
    var history: [HistoryEntry]
}
