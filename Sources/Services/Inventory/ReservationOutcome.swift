import CommerceEvents

/// What handling one `checkout.order.created` did.
enum ReservationOutcome: Sendable, Equatable {
    /// Every item reserved; the levels after the change.
    case reserved(InventoryReserved, levels: [StockLevel])
    /// Nothing reserved (`insufficient_stock` or `unknown_product`).
    case failed(InventoryReservationFailed)
    /// The order was handled before (another delivery of it): no effect.
    case alreadyHandled

    /// The event published, nil when none.
    var eventType: String? {
        switch self {
        case .reserved: InventoryReserved.type
        case .failed: InventoryReservationFailed.type
        case .alreadyHandled: nil
        }
    }
}
