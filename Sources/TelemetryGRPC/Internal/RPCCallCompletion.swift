import GRPCCore
import Synchronization
import Tracing

/// Ends one call's span and records its duration, exactly once, when its status is known.
///
/// The interceptors hand it to the response stream, so a streaming call ends when its stream
/// does. If the response is dropped before a status arrives, the call ends as `CANCELLED` when
/// the last reference goes.
final class RPCCallCompletion: Sendable {
    /// Which side of the call the span describes.
    enum Kind: Sendable {
        case client
        case server
    }

    let span: any Span
    let kind: Kind
    let method: String
    let start: ContinuousClock.Instant
    let metrics: RPCCallMetrics
    private let isFinished = Atomic<Bool>(false)

    init(span: any Span, kind: Kind, method: String, start: ContinuousClock.Instant, metrics: RPCCallMetrics) {
        self.span = span
        self.kind = kind
        self.method = method
        self.start = start
        self.metrics = metrics
    }

    /// Ends the call with the status `error` carries.
    func finish(_ error: RPCError) {
        finish(code: Status.Code(error.code), message: error.message)
    }

    /// Ends the call with `code`; later calls do nothing.
    func finish(code: Status.Code, message: String? = nil) {
        guard !isFinished.exchange(true, ordering: .acquiringAndReleasing) else { return }
        let elapsed = ContinuousClock.now - start
        let name = RPCSemanticConventions.name(of: code)
        let isError = RPCSemanticConventions.isError(code, kind: kind)
        span.updateAttributes { attributes in
            attributes[RPCSemanticConventions.responseStatusCode] = name
            if isError { attributes[RPCSemanticConventions.errorType] = name }
        }
        if isError {
            span.setStatus(SpanStatus(code: .error, message: message.flatMap { $0.isEmpty ? nil : $0 }))
        }
        let timer = metrics.duration(method: method, status: code)
        let (seconds, attoseconds) = elapsed.components
        ServiceContext.$current.withValue(span.context) {
            timer.recordNanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        }
        span.end()
    }

    deinit {
        finish(code: .cancelled, message: "The call's response was dropped before its status arrived.")
    }
}
