import Crypto
import Foundation
import Hummingbird
import ServiceRuntime

/// A client's `Idempotency-Key` on `POST /checkout`: the order id becomes a name-based UUID (RFC 9562
/// version 5 layout: SHA-1 of a namespace, the customer id and the key), so a retry of the same checkout
/// finds the checkout the first attempt stored instead of placing a second order.
struct IdempotencyKey: Sendable, Equatable {
    static let headerName = HTTPFields.Element.Name("Idempotency-Key")!
    static let maximumLength = 255
    /// The namespace of checkout order ids (a fixed random UUID).
    static let namespace = UUID(uuidString: "6f1c7a52-3f0e-4d8e-9b4a-2f7c0f6a9e31")!

    let value: String

    /// The request's key, nil without the header.
    /// - Throws: a 400 ``ProblemDetails`` naming the header when it is empty, longer than 255 characters
    ///   or not visible ASCII.
    init?(_ headers: HTTPFields) throws(ProblemDetails) {
        guard let value = headers[Self.headerName] else { return nil }
        guard !value.isEmpty, value.utf8.count <= Self.maximumLength, value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw .malformed("Idempotency-Key", "must be 1 to \(Self.maximumLength) visible ASCII characters")
        }
        self.value = value
    }

    init(_ value: String) {
        self.value = value
    }

    /// The order id of `customerID`'s checkout with this key (lower-case UUID). The key holds no NUL
    /// byte, so the NUL-separated name is unambiguous.
    func orderID(customerID: String) -> String {
        var hasher = Insecure.SHA1()
        withUnsafeBytes(of: Self.namespace.uuid) { hasher.update(bufferPointer: $0) }
        hasher.update(data: Data(customerID.utf8))
        hasher.update(data: Data([0]))
        hasher.update(data: Data(value.utf8))
        var b = Array(hasher.finalize().prefix(16))
        b[6] = (b[6] & 0x0F) | 0x50  // version 5
        b[8] = (b[8] & 0x3F) | 0x80  // RFC 9562 variant
        let uuid = UUID(uuid: (b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9], b[10], b[11], b[12], b[13], b[14], b[15]))
        return uuid.uuidString.lowercased()
    }
}
