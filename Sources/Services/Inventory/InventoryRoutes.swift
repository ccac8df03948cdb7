import Foundation
import Hummingbird
import ServiceRuntime

/// The admin REST API: `PUT /stock/{productID}` `{"onHand": n}` and `GET /stock/{productID}`.
struct InventoryRoutes: Sendable {
    let store: StockStore
    let broadcaster: StockBroadcaster

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/stock/:productID") { _, context in
            let productID = try context.parameters.require("productID")
            guard let level = try await store.levels(productIDs: [productID]).first else {
                throw ProblemDetails(.notFound, detail: "no stock level for product \(productID)", field: "productID")
            }
            return JSONResponse(level)
        }
        router.put("/stock/:productID") { request, context in
            let productID = try context.parameters.require("productID")
            guard !productID.isEmpty, productID.utf8.count <= 128 else {
                throw ProblemDetails(.badRequest, detail: "productID must be 1-128 bytes", field: "productID")
            }
            let body: ByteBuffer
            do {
                body = try await request.body.collect(upTo: StockChange.maximumBodyBytes)
            } catch {
                throw ProblemDetails(.contentTooLarge, detail: "the body must be at most \(StockChange.maximumBodyBytes) bytes")
            }
            let change = try StockChange.parse(Data(body.readableBytesView))
            guard let level = try await store.setOnHand(productID: productID, onHand: change.onHand) else {
                throw ProblemDetails(.conflict, detail: "onHand must not be below the quantity reserved", field: "onHand")
            }
            broadcaster.publish([level])
            return JSONResponse(level)
        }
    }
}
