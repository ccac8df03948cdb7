import Foundation
import Hummingbird
import ServiceRuntime

/// The public REST API: `GET /products`, `GET /products/{id}`.
struct CatalogRoutes: Sendable {
    let store: ProductStore
    let settings: CatalogSettings

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/products") { _, _ in
            try JSONResponse(store.all)
        }
        router.get("/products/:id") { _, context in
            let id = try context.parameters.require("id")
            if settings.simulatedLatency > .zero { try await Task.sleep(for: settings.simulatedLatency) }
            guard let product = store.product(id: id) else {
                throw HTTPError(.notFound, message: "no product with id \(id)")
            }
            return try JSONResponse(product)
        }
    }
}

/// A JSON body with its content type.
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value

    init(_ value: Value) throws { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
