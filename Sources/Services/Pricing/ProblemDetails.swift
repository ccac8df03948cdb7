import Foundation
import Hummingbird

/// An RFC 9457 problem-details response (`application/problem+json`), naming the offending field.
///
/// See https://www.rfc-editor.org/rfc/rfc9457
struct ProblemDetails: HTTPResponseError, Encodable {
    var type = "about:blank"
    var title: String
    var statusCode: Int
    var detail: String
    /// The request field (JSON member or path parameter) at fault, when one is.
    var field: String?

    init(_ status: HTTPResponse.Status, detail: String, field: String? = nil) {
        title = status.reasonPhrase
        statusCode = status.code
        self.detail = detail
        self.field = field
    }

    var status: HTTPResponse.Status { HTTPResponse.Status(code: statusCode) }

    enum CodingKeys: String, CodingKey {
        case type, title, detail, field
        case statusCode = "status"
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(self)
        return Response(
            status: status, headers: [.contentType: "application/problem+json"], body: .init(byteBuffer: ByteBuffer(bytes: data))
        )
    }
}
