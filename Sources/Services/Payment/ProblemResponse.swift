import Foundation
import Hummingbird

/// An RFC 9457 problem-details response (`application/problem+json`).
/// - SeeAlso: https://www.rfc-editor.org/rfc/rfc9457
struct ProblemResponse: ResponseGenerator, Encodable {
    var type: String = "about:blank"
    var title: String
    var status: Int
    var detail: String

    init(_ status: HTTPResponse.Status, detail: String) {
        self.title = status.reasonPhrase
        self.status = status.code
        self.detail = detail
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        Response(
            status: .init(code: status), headers: [.contentType: "application/problem+json"],
            body: .init(byteBuffer: ByteBuffer(bytes: try JSONEncoder().encode(self)))
        )
    }
}

/// A JSON body with its content type (dates in ISO 8601).
struct JSONResponse<Value: Encodable & Sendable>: ResponseGenerator {
    let value: Value

    init(_ value: Value) { self.value = value }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: try encoder.encode(value))))
    }
}
