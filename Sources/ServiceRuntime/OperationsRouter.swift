import Hummingbird
import NIOCore

/// The metrics and health port: `/metrics`, `/healthz`, `/readyz`. Nothing else is served here
/// (no `/debug`: the admin port is separate and loopback-only).
enum OperationsRouter {
    static func make(readiness: Readiness, metrics: MetricsExposition) -> Router<BasicRequestContext> {
        let router = Router()
        router.get("/healthz") { _, _ in
            // Liveness: the process answers. No dependency checks here, or a database outage restarts every pod.
            Response(status: .ok, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: "ok\n")))
        }
        router.get("/readyz") { _, _ in
            let state = await readiness.evaluate()
            let (status, text): (HTTPResponse.Status, String) = switch state {
            case .ready: (.ok, "ready\n")
            case .failing(let names): (.serviceUnavailable, "not ready: \(names.joined(separator: ", "))\n")
            case .shuttingDown: (.serviceUnavailable, "shutting down\n")
            }
            return Response(status: status, headers: [.contentType: "text/plain; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/metrics") { request, _ in
            let scrape = metrics.render(request.headers[.accept])
            return Response(
                status: .ok,
                headers: [.contentType: scrape.contentType],
                body: .init(byteBuffer: ByteBuffer(bytes: scrape.body))
            )
        }
        return router
    }
}

/// Renders `/metrics` for a scrape's `Accept` header.
public struct MetricsExposition: Sendable {
    /// The rendering: content type and body.
    public var render: @Sendable (_ accept: String?) -> (contentType: String, body: [UInt8])

    /// Creates an exposition.
    public init(render: @escaping @Sendable (_ accept: String?) -> (contentType: String, body: [UInt8])) {
        self.render = render
    }
}
