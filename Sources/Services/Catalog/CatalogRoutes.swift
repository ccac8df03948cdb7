import Foundation
import Hummingbird
import ServiceRuntime

/// The public REST API: `GET /products`, `GET /products/{id}`, `PUT /products/{id}/price`,
/// `GET /products/{id}/price-history`.
struct CatalogRoutes: Sendable {
    let store: ProductStore
    let history: PriceHistory
    let settings: CatalogSettings

    struct PriceChange: Decodable { var price: Int }

    func register(on router: Router<ServiceRequestContext>) {
        router.get("/products") { _, _ in
            try JSONResponse(try await store.all())
        }
        router.get("/products/:id") { _, context in
            let id = try context.parameters.require("id")
            if settings.simulatedLatency > .zero { try await Task.sleep(for: settings.simulatedLatency) }
            guard let product = try await store.product(id: id) else {
                throw HTTPError(.notFound, message: "no product with id \(id)")
            }
            return try JSONResponse(product)
        }
        router.put("/products/:id/price") { request, context in
            let id = try context.parameters.require("id")
            let body = try await request.body.collect(upTo: 4096)
            guard let change = try? JSONDecoder().decode(PriceChange.self, from: Data(body.readableBytesView)) else {
                throw HTTPError(.badRequest, message: "expected a JSON body {\"price\": <cents>}")
            }
            guard change.price >= 0 else { throw HTTPError(.badRequest, message: "the price must not be negative") }
            guard let product = try await store.changePrice(id: id, to: change.price) else {
                throw HTTPError(.notFound, message: "no product with id \(id)")
            }
            return try JSONResponse(product)
        }
        router.get("/products/:id/price-history") { _, context in
            let id = try context.parameters.require("id")
            guard try await store.product(id: id) != nil else { throw HTTPError(.notFound, message: "no product with id \(id)") }
            return try JSONResponse(try await history.entries(productID: id))
        }
    }
}

/// A JSON body with its content type.
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value

    init(_ value: Value) throws { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        let data = try encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
