import Foundation
import ServiceRuntime

/// The body of `PUT /prices/{productID}`: `{"unitPriceMinor": 1990, "customerGroup": "gold"}`
/// (no `customerGroup`: the base price).
struct PriceChange: Decodable, Sendable, Equatable {
    /// The highest price accepted, in minor units.
    static let maximumMinor: Int64 = 100_000_000_000
    static let maximumBodyBytes = 4096

    var unitPriceMinor: Int64
    var customerGroup: String?

    enum CodingKeys: String, CodingKey { case unitPriceMinor, customerGroup }

    init(unitPriceMinor: Int64, customerGroup: String?) {
        self.unitPriceMinor = unitPriceMinor
        self.customerGroup = customerGroup
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        unitPriceMinor = try container.decodeField(Int64.self, forKey: .unitPriceMinor)
        customerGroup = try container.decodeIfPresent(String.self, forKey: .customerGroup)
    }

    /// Decodes and validates `body`; a 4xx problem naming the field otherwise.
    static func parse(_ body: Data) throws(ProblemDetails) -> PriceChange {
        let change: PriceChange
        do {
            change = try JSONDecoder().decode(PriceChange.self, from: body)
        } catch let error as DecodingError {
            throw ProblemDetails(decoding: error)
        } catch {
            throw ProblemDetails(.badRequest, detail: "the body is not valid JSON")
        }
        guard (0...maximumMinor).contains(change.unitPriceMinor) else {
            throw ProblemDetails(.unprocessableContent, detail: "unitPriceMinor must be between 0 and \(maximumMinor)", field: "unitPriceMinor")
        }
        if let group = change.customerGroup, !isValidGroup(group) {
            throw ProblemDetails(
                .unprocessableContent, detail: "customerGroup must be 1-64 characters of a-z, 0-9, '-' or '_'", field: "customerGroup"
            )
        }
        return change
    }

    static func isValidGroup(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.count <= 64 && text.utf8.allSatisfy { byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x2D || byte == 0x5F
        }
    }
}
