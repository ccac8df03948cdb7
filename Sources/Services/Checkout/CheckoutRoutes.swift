import Foundation
import Hummingbird
import ServiceRuntime

/// The public REST API: `POST /checkout` and `GET /checkouts/{id}`.
struct CheckoutRoutes: Sendable {
    let flow: CheckoutFlow
    let store: CheckoutStore
    let settings: CheckoutSettings

    /// The 202 answer of `POST /checkout`.
    struct Accepted: Encodable {
        var orderID: String
        var status = "pending"
        var totalMinor: Int64
        var currency: String
    }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.post("/checkout") { request, _ in
            let request = try await parse(request)
            let checkout = try await flow.place(request)
            return try jsonResponse(
                Accepted(orderID: checkout.id, totalMinor: checkout.totalMinor, currency: checkout.currency), status: .accepted,
                headers: [.location: "/orders/\(checkout.id)"]
            )
        }
        router.get("/checkouts/:id") { _, context in
            let id = try context.parameters.require("id")
            guard let checkout = try await store.checkout(id: id) else { throw ProblemDetails.notFound(id: id) }
            return try jsonResponse(checkout, status: .ok)
        }
    }

    /// The validated body, or a problem: 413 over the size limit, 400 malformed, 422 invalid.
    func parse(_ request: Request) async throws(ProblemDetails) -> CheckoutRequest {
        let limit = settings.maximumBodyBytes
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > limit { throw .tooLarge(limit: limit) }
        let body: ByteBuffer
        do {
            body = try await request.body.collect(upTo: limit)
        } catch {
            throw .tooLarge(limit: limit)
        }
        return try CheckoutRequest.parse(
            Data(body.readableBytesView), maximumItems: settings.maximumItems, maximumQuantity: settings.maximumQuantity
        )
    }

    func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status, headers: HTTPFields = [:]) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        var fields = headers
        fields[.contentType] = "application/json"
        return Response(status: status, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
