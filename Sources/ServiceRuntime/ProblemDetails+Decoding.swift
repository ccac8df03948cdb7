import Foundation
import Hummingbird

extension ProblemDetails {
    /// The problem for a JSON body that did not decode: 400 for malformed JSON, 422 naming the field
    /// for a missing member or one of the wrong type.
    public init(decoding error: DecodingError) {
        func path(_ codingPath: [any CodingKey]) -> String? {
            guard !codingPath.isEmpty else { return nil }
            return codingPath.reduce(into: "") { path, key in
                if let index = key.intValue { path += "[\(index)]" } else { path += (path.isEmpty ? "" : ".") + key.stringValue }
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            let field = path(context.codingPath + [key])
            self.init(.unprocessableContent, detail: "\(field ?? key.stringValue) is required", field: field)
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            let field = path(context.codingPath)
            self.init(.unprocessableContent, detail: "\(field ?? "the body") has the wrong type", field: field)
        case .dataCorrupted(let context):
            if let field = path(context.codingPath) {
                self.init(.unprocessableContent, detail: "\(field) is not a valid value", field: field)
            } else {
                self.init(.badRequest, detail: "the body is not valid JSON")
            }
        @unknown default:
            self.init(.badRequest, detail: "the body could not be read")
        }
    }
}
