/// A request to a ``DiagnosticsEndpoint``, reduced to what endpoints need.
public struct DiagnosticsRequest: Sendable, Equatable {
    /// `GET`, `PUT`, `POST`...
    public var method: String
    /// The query parameters (the last value wins for a repeated name).
    public var query: [String: String]
    /// The `Accept` header, if any.
    public var accept: String?

    /// Creates a request (a GET with no parameters by default).
    public init(method: String = "GET", query: [String: String] = [:], accept: String? = nil) {
        self.method = method
        self.query = query
        self.accept = accept
    }

    /// True for `?format=json` or `Accept: application/json`.
    public var wantsJSON: Bool {
        query["format"] == "json" || (accept?.contains("application/json") ?? false)
    }
}

/// What an endpoint answers.
public struct DiagnosticsResponse: Sendable {
    /// The HTTP status.
    public var status: Int
    /// The content type.
    public var contentType: String
    /// The body.
    public var body: [UInt8]
    /// The file name extension inside `/debug/bundle` (`txt`, `json`, `pb.gz`...).
    public var fileExtension: String

    /// Creates a response.
    public init(status: Int = 200, contentType: String, body: [UInt8], fileExtension: String) {
        self.status = status
        self.contentType = contentType
        self.body = body
        self.fileExtension = fileExtension
    }

    /// Plain text for people.
    public static func text(_ text: String) -> DiagnosticsResponse {
        DiagnosticsResponse(contentType: "text/plain; charset=utf-8", body: Array(text.utf8), fileExtension: "txt")
    }

    /// JSON bytes for tools.
    public static func json(_ bytes: [UInt8]) -> DiagnosticsResponse {
        DiagnosticsResponse(contentType: "application/json", body: bytes, fileExtension: "json")
    }

    /// A JSON object (`[String: Any]`, arrays, strings, numbers, booleans), serialised with sorted keys.
    public static func json(object: Any) -> DiagnosticsResponse {
        .json(JSONText.encode(object))
    }

    /// An HTML page.
    public static func html(_ html: String) -> DiagnosticsResponse {
        DiagnosticsResponse(contentType: "text/html; charset=utf-8", body: Array(html.utf8), fileExtension: "html")
    }
}

/// A request the endpoint refuses: a status (400, 404, 409...) and a clear message.
public struct DiagnosticsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The HTTP status.
    public var status: Int
    /// The message sent in the body.
    public var message: String

    /// Creates an error.
    public init(status: Int, message: String) {
        self.status = status
        self.message = message
    }

    /// 400 with a message naming the parameter.
    public static func badRequest(_ message: String) -> DiagnosticsError {
        DiagnosticsError(status: 400, message: message)
    }

    /// The message.
    public var description: String { message }
}
