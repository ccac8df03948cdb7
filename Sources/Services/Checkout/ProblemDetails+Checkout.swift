import Hummingbird
import ServiceRuntime

/// Checkout's problem types (`https://commerce.example/problems/<slug>`).
extension ProblemDetails {
    init(slug: String, title: String, status: HTTPResponse.Status, detail: String, invalidParams: [InvalidParam] = []) {
        self.init(status, type: "https://commerce.example/problems/\(slug)", title: title, detail: detail, invalidParams: invalidParams)
    }

    /// 422: the request is well-formed JSON but `field` is wrong.
    static func invalid(_ field: String, _ reason: String) -> ProblemDetails {
        invalid([InvalidParam(name: field, reason: reason)])
    }

    /// 422 naming every offending field.
    static func invalid(_ params: [InvalidParam]) -> ProblemDetails {
        ProblemDetails(
            slug: "invalid-checkout", title: "The checkout request is invalid", status: .unprocessableContent,
            detail: params.map { "\($0.name): \($0.reason)" }.joined(separator: "; "), invalidParams: params
        )
    }

    /// 400: the body is not the expected JSON.
    static func malformed(_ field: String, _ reason: String) -> ProblemDetails {
        ProblemDetails(
            slug: "malformed-request", title: "The request body is not valid JSON of the expected shape", status: .badRequest,
            detail: reason, invalidParams: [InvalidParam(name: field, reason: reason)]
        )
    }

    /// 413: the body is larger than accepted.
    static func tooLarge(limit: Int) -> ProblemDetails {
        ProblemDetails(
            slug: "body-too-large", title: "The request body is too large", status: .contentTooLarge,
            detail: "the body must not exceed \(limit) bytes", invalidParams: [InvalidParam(name: "body", reason: "larger than \(limit) bytes")]
        )
    }

    /// 409: some items are not available in the quantity asked.
    static func insufficientStock(_ params: [InvalidParam]) -> ProblemDetails {
        ProblemDetails(
            slug: "insufficient-stock", title: "Not enough stock for the checkout", status: .conflict,
            detail: params.map { "\($0.name): \($0.reason)" }.joined(separator: "; "), invalidParams: params
        )
    }

    /// 503: a dependency is unavailable (its breaker open, or it failed) and nothing can stand in for it.
    static func unavailable(dependency: String, reason: String) -> ProblemDetails {
        ProblemDetails(
            slug: "dependency-unavailable", title: "A service the checkout needs is unavailable", status: .serviceUnavailable,
            detail: "\(dependency): \(reason)"
        )
    }

    /// 404: no checkout with that id.
    static func notFound(id: String) -> ProblemDetails {
        ProblemDetails(slug: "not-found", title: "No such checkout", status: .notFound, detail: "no checkout with id \(id)")
    }
}
