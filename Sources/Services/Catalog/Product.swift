/// A product in the catalogue.
struct Product: Codable, Sendable, Equatable {
    var id: String
    var name: String
    var priceCents: Int
    var currency: String
}
