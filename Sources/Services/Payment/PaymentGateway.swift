/// A payment provider: charges and refunds, each under an idempotency key.
///
/// A charge repeated with the same idempotency key never moves money twice: the provider answers with
/// the first attempt's result (as real providers do with an `Idempotency-Key` header).
protocol PaymentGateway: Sendable {
    /// Charges `request.amountMinor`; the same `request.idempotencyKey` always gives the first result.
    /// - Throws: ``GatewayError`` (`unavailable`: nothing was decided, retry later).
    func charge(_ request: ChargeRequest) async throws(GatewayError) -> ChargeResult

    /// Refunds charge `paymentID` in full; the same `idempotencyKey` refunds once.
    /// - Throws: ``GatewayError``.
    func refund(paymentID: String, amountMinor: Int64, idempotencyKey: String) async throws(GatewayError)
}

/// One charge to take.
struct ChargeRequest: Sendable, Hashable {
    /// The provider's deduplication key (Payment uses the order id).
    var idempotencyKey: String
    var customerID: String
    var amountMinor: Int64
    var currency: String
}

/// The provider's decision on a charge.
enum ChargeResult: Sendable, Hashable {
    /// Charged; `paymentID` is the provider's charge id.
    case approved(paymentID: String)
    /// Not charged, with the provider's reason code (e.g. `declined`).
    case declined(reason: String)
}

/// A gateway failure: no decision was taken.
struct GatewayError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    enum Code: String, Sendable, Hashable {
        /// The provider could not be reached or timed out (transient).
        case unavailable
        /// The provider knows no such charge (refunds).
        case unknownCharge = "unknown_charge"
    }

    var code: Code
    var message: String

    init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    var description: String { "GatewayError(\(code.rawValue)): \(message)" }
}
