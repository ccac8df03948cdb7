import Foundation
public import Hummingbird

/// An RFC 9457 problem-details answer (`application/problem+json`): thrown by a route, it becomes the response.
/// `invalid-params` (the RFC's own extension example) names each offending request field, e.g. `items[0].quantity`.
///
/// ```swift
/// throw ProblemDetails(.unprocessableContent, detail: "must be at least 1", field: "items[0].quantity")
/// ```
///
/// - SeeAlso: https://www.rfc-editor.org/rfc/rfc9457
public struct ProblemDetails: HTTPResponseError, Encodable, Sendable, Equatable {
    /// One offending field and why.
    public struct InvalidParam: Codable, Sendable, Equatable {
        /// The field's path in the request (JSON member, array index, or path parameter).
        public var name: String
        /// What is wrong with it.
        public var reason: String

        public init(name: String, reason: String) {
            self.name = name
            self.reason = reason
        }
    }

    /// The media type of the body.
    public static let contentType = "application/problem+json"

    /// A URI reference naming the problem type; `about:blank` when the status says it all.
    public var type: String
    /// A short summary of the problem type (the status's reason phrase by default).
    public var title: String
    /// The HTTP status.
    public var status: HTTPResponse.Status
    /// What went wrong in this occurrence.
    public var detail: String
    /// The offending request fields, if any.
    public var invalidParams: [InvalidParam]

    /// A problem of `type` (default `about:blank`) with `status`.
    public init(
        _ status: HTTPResponse.Status, type: String = "about:blank", title: String? = nil, detail: String, invalidParams: [InvalidParam] = []
    ) {
        self.type = type
        self.title = title ?? status.reasonPhrase
        self.status = status
        self.detail = detail
        self.invalidParams = invalidParams
    }

    /// A problem with one offending `field` (when given), whose reason is `detail`.
    public init(_ status: HTTPResponse.Status, detail: String, field: String?) {
        self.init(status, detail: detail, invalidParams: field.map { [InvalidParam(name: $0, reason: detail)] } ?? [])
    }

    enum CodingKeys: String, CodingKey {
        case type, title, status, detail, invalidParams = "invalid-params"
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(type, forKey: .type)
        try container.encode(title, forKey: .title)
        try container.encode(Int(status.code), forKey: .status)
        try container.encode(detail, forKey: .detail)
        if !invalidParams.isEmpty { try container.encode(invalidParams, forKey: .invalidParams) }
    }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let data = try JSONEncoder().encode(self)
        return Response(status: status, headers: [.contentType: Self.contentType], body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}
