import Hummingbird
import ServiceRuntime

/// The REST API: `GET /orders/{id}` (the order's status and history; 404 problem details when unknown).
struct OrderRoutes: Sendable {
    let store: OrderStore

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/orders/:id") { request, context -> Response in
            let id = try context.parameters.require("id")
            guard let order = try await store.order(id: id) else {
                return try ProblemDetails(.notFound, detail: "no order with id \(id)").response(from: request, context: context)
            }
            return try JSONResponse(order).response(from: request, context: context)
        }
    }
}
