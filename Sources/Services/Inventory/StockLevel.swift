/// A product's stock: on hand, reserved, and the version counting its changes (ordering watchers' updates).
struct StockLevel: Codable, Sendable, Equatable {
    var productID: String
    var onHand: Int64
    var reserved: Int64
    var version: Int64

    /// What can still be promised: on hand less reserved, never negative.
    var available: Int64 { max(0, onHand - reserved) }

    enum CodingKeys: String, CodingKey {
        case productID, onHand, reserved, version, available
    }

    init(productID: String, onHand: Int64, reserved: Int64, version: Int64) {
        self.productID = productID
        self.onHand = onHand
        self.reserved = reserved
        self.version = version
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        productID = try container.decode(String.self, forKey: .productID)
        onHand = try container.decode(Int64.self, forKey: .onHand)
        reserved = try container.decode(Int64.self, forKey: .reserved)
        version = try container.decode(Int64.self, forKey: .version)
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(productID, forKey: .productID)
        try container.encode(onHand, forKey: .onHand)
        try container.encode(reserved, forKey: .reserved)
        try container.encode(available, forKey: .available)
        try container.encode(version, forKey: .version)
    }
}
