import CommerceEvents
import Foundation
import Hummingbird
import ServiceRuntime

/// The admin REST API: `PUT /prices/{productID}` (base or group price) and
/// `GET /prices/{productID}?customerGroup=gold` (the resolved price).
struct PricingRoutes: Sendable {
    let book: PriceBook

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/prices/:productID") { request, context in
            let productID = try context.parameters.require("productID")
            let group = request.uri.queryParameters.get("customerGroup") ?? PriceBook.defaultGroup
            guard PriceChange.isValidGroup(group) else {
                throw ProblemDetails(.badRequest, detail: "customerGroup must be 1-64 characters of a-z, 0-9, '-' or '_'", field: "customerGroup")
            }
            guard let quote = try await book.quotes(productIDs: [productID], customerGroup: group).quotes.first else {
                throw ProblemDetails(.notFound, detail: "no price for product \(productID)", field: "productID")
            }
            return JSONResponse(quote)
        }
        router.put("/prices/:productID") { request, context in
            let productID = try context.parameters.require("productID")
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: PriceChange.maximumBodyBytes)
            } catch {
                throw ProblemDetails(.contentTooLarge, detail: "the body must be at most \(PriceChange.maximumBodyBytes) bytes")
            }
            let change = try PriceChange.parse(Data(body.readableBytesView))
            guard let updated = try await book.setPrice(
                productID: productID, customerGroup: change.customerGroup, unitPriceMinor: change.unitPriceMinor
            ) else {
                throw ProblemDetails(.notFound, detail: "no product \(productID)", field: "productID")
            }
            return JSONResponse(updated)
        }
    }
}
