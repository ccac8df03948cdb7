import Foundation
import ServiceRuntime

/// A validated `POST /checkout` body: a customer, their pricing group, and distinct products with
/// positive quantities.
struct CheckoutRequest: Sendable, Equatable {
    struct Item: Sendable, Equatable {
        var productID: String
        var quantity: Int
    }

    var customerID: String
    var customerGroup: String
    var items: [Item]

    /// The body as sent; everything optional so validation can name what is missing.
    struct Body: Decodable {
        struct Item: Decodable {
            var productID: String?
            var quantity: Int?
        }

        var customerID: String?
        var customerGroup: String?
        var items: [Item]?
    }

    static let maximumIdentifierLength = 128

    /// Parses and validates `bytes`.
    /// - Throws: ``ProblemDetails``: 400 for malformed JSON (naming the field when one is to blame), 422
    ///   naming every invalid field.
    static func parse(_ bytes: Data, maximumItems: Int, maximumQuantity: Int) throws(ProblemDetails) -> CheckoutRequest {
        let body: Body
        do {
            body = try JSONDecoder().decode(Body.self, from: bytes)
        } catch let error as DecodingError {
            throw Self.problem(for: error)
        } catch {
            throw ProblemDetails.malformed("body", "the body is not valid JSON")
        }
        return try validate(body, maximumItems: maximumItems, maximumQuantity: maximumQuantity)
    }

    static func validate(_ body: Body, maximumItems: Int, maximumQuantity: Int) throws(ProblemDetails) -> CheckoutRequest {
        var problems: [ProblemDetails.InvalidParam] = []
        func check(_ condition: Bool, _ field: String, _ reason: String) {
            if !condition { problems.append(.init(name: field, reason: reason)) }
        }
        let customerID = body.customerID ?? ""
        check(!customerID.isEmpty, "customerID", "is required")
        check(customerID.count <= maximumIdentifierLength, "customerID", "must be at most \(maximumIdentifierLength) characters")
        let group = body.customerGroup ?? "standard"
        check(!group.isEmpty && group.count <= maximumIdentifierLength, "customerGroup", "must be 1 to \(maximumIdentifierLength) characters")
        let rawItems = body.items ?? []
        check(body.items != nil, "items", "is required")
        check(body.items == nil || !rawItems.isEmpty, "items", "must hold at least one item")
        check(rawItems.count <= maximumItems, "items", "must hold at most \(maximumItems) items")
        var items: [Item] = []
        var seen: Set<String> = []
        for (index, item) in rawItems.enumerated() where rawItems.count <= maximumItems {
            let productID = item.productID ?? ""
            check(!productID.isEmpty, "items[\(index)].productID", "is required")
            check(productID.count <= maximumIdentifierLength, "items[\(index)].productID", "must be at most \(maximumIdentifierLength) characters")
            check(productID.isEmpty || seen.insert(productID).inserted, "items[\(index)].productID", "appears more than once")
            guard let quantity = item.quantity else {
                check(false, "items[\(index)].quantity", "is required")
                continue
            }
            check(quantity >= 1, "items[\(index)].quantity", "must be at least 1")
            check(quantity <= maximumQuantity, "items[\(index)].quantity", "must be at most \(maximumQuantity)")
            items.append(Item(productID: productID, quantity: quantity))
        }
        guard problems.isEmpty else { throw ProblemDetails.invalid(problems) }
        return CheckoutRequest(customerID: customerID, customerGroup: group, items: items)
    }

    /// 400 naming the field a decoding error points at (`body` when it is the JSON itself).
    static func problem(for error: DecodingError) -> ProblemDetails {
        switch error {
        case .typeMismatch(let type, let context):
            return .malformed(fieldName(context.codingPath), "expected \(typeName(type))")
        case .valueNotFound(let type, let context):
            return .malformed(fieldName(context.codingPath), "expected \(typeName(type)), found null")
        case .keyNotFound(let key, let context):
            return .malformed(fieldName(context.codingPath + [key]), "is required")
        case .dataCorrupted(let context):
            let field = context.codingPath.isEmpty ? "body" : fieldName(context.codingPath)
            return .malformed(field, context.codingPath.isEmpty ? "the body is not valid JSON" : "is not a valid value")
        @unknown default:
            return .malformed("body", "the body is not valid JSON")
        }
    }

    /// `items[0].quantity` for the coding path `items`, index 0, `quantity`.
    static func fieldName(_ path: [any CodingKey]) -> String {
        guard !path.isEmpty else { return "body" }
        var name = ""
        for key in path {
            if let index = key.intValue {
                name += "[\(index)]"
            } else {
                name += name.isEmpty ? key.stringValue : ".\(key.stringValue)"
            }
        }
        return name
    }

    static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "an integer"
        case is [Body.Item].Type: "an array"
        default: "a JSON value of another type"
        }
    }
}
