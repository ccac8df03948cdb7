import Foundation
import ServiceRuntime

/// The body of `PUT /stock/{productID}`: `{"onHand": 120}`.
struct StockChange: Decodable, Sendable, Equatable {
    static let maximumOnHand: Int64 = 1_000_000_000_000
    static let maximumBodyBytes = 4096

    var onHand: Int64

    enum CodingKeys: String, CodingKey { case onHand }

    init(onHand: Int64) { self.onHand = onHand }

    init(from decoder: any Decoder) throws {
        onHand = try decoder.container(keyedBy: CodingKeys.self).decodeField(Int64.self, forKey: .onHand)
    }

    /// Decodes and validates `body`; a 4xx problem naming the field otherwise.
    static func parse(_ body: Data) throws(ProblemDetails) -> StockChange {
        let change: StockChange
        do {
            change = try JSONDecoder().decode(StockChange.self, from: body)
        } catch let error as DecodingError {
            throw ProblemDetails(decoding: error)
        } catch {
            throw ProblemDetails(.badRequest, detail: "the body is not valid JSON")
        }
        guard (0...maximumOnHand).contains(change.onHand) else {
            throw ProblemDetails(.unprocessableContent, detail: "onHand must be between 0 and \(maximumOnHand)", field: "onHand")
        }
        return change
    }
}
