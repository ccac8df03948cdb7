import Foundation
public import Hummingbird

/// A JSON response body (`application/json`, dates in ISO 8601) with its status.
///
/// ```swift
/// router.get("/orders/:id") { _, context in JSONResponse(try await store.order(id: id)) }
/// ```
public struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator, Sendable {
    /// The body.
    public var value: Value
    /// The status, 200 by default.
    public var status: HTTPResponse.Status

    public init(_ value: Value, status: HTTPResponse.Status = .ok) {
        self.value = value
        self.status = status
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return Response(status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
