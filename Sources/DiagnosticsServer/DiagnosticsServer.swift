import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// The admin diagnostics port: a separate HTTP listener (default 127.0.0.1:6060) serving `/debug/*`
/// pages, each a ``DiagnosticsEndpoint``, plus the `/debug/` index and the `/debug/bundle` archive.
///
/// Text for people, JSON with `?format=json` or `Accept: application/json`. Unknown paths answer 404,
/// bad parameters 400 with a message. With a token configured, every request needs
/// `Authorization: Bearer <token>`.
///
/// ```swift
/// let server = DiagnosticsServer(configuration: try .init(environment: reader), serviceName: "catalog",
///                                endpoints: [FlightRecorderEndpoint(recorder: recorder), TracezEndpoint(recorder: recorder)],
///                                logger: logger)
/// // in the ServiceGroup: .init(service: server)
/// ```
public struct DiagnosticsServer: Service {
    /// Where it listens and the token.
    public let configuration: DiagnosticsConfiguration
    /// The pages, by path.
    public let endpoints: [any DiagnosticsEndpoint]
    let serviceName: String
    let logger: Logger
    let onListening: @Sendable (Int) -> Void

    /// Creates the server.
    /// - Parameters:
    ///   - configuration: Address, port, token (already validated).
    ///   - serviceName: Shown on the index page.
    ///   - endpoints: The pages; two with the same path are a programming error (the first wins).
    ///   - logger: The server's logger.
    ///   - onListening: Called with the bound port (0 in the configuration picks a free one).
    public init(
        configuration: DiagnosticsConfiguration, serviceName: String, endpoints: [any DiagnosticsEndpoint], logger: Logger,
        onListening: @escaping @Sendable (Int) -> Void = { _ in }
    ) {
        self.configuration = configuration
        self.serviceName = serviceName
        var seen: Set<String> = []
        self.endpoints = endpoints.filter { seen.insert($0.path).inserted }
        self.logger = logger
        self.onListening = onListening
    }

    /// Serves until graceful shutdown.
    public func run() async throws {
        let port = configuration.port
        let onListening = onListening
        let application = Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.bindAddress, port: port), serverName: nil),
            onServerRunning: { channel in onListening(channel.localAddress?.port ?? port) },
            logger: logger
        )
        try await application.run()
    }

    /// The router (also used by tests without a socket).
    func makeRouter() -> Router<BasicRequestContext> {
        let router = Router()
        if let token = configuration.token, !token.isEmpty {
            router.add(middleware: BearerTokenMiddleware(token: token))
        }
        let endpoints = endpoints
        let serviceName = serviceName
        router.get("/debug") { _, _ in
            Self.response(.html(DiagnosticsIndexPage.render(serviceName: serviceName, endpoints: endpoints)))
        }
        router.get("/debug/bundle") { _, _ in
            var headers = HTTPFields()
            headers[.contentType] = "application/gzip"
            headers[.contentDisposition] = "attachment; filename=\"\(serviceName)-debug-bundle.tar.gz\""
            let archive = await DiagnosticsBundle.make(serviceName: serviceName, endpoints: endpoints)
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: archive)))
        }
        for endpoint in endpoints {
            for method in endpoint.methods {
                guard let httpMethod = HTTPRequest.Method(method) else { continue }
                router.on(RouterPath("/debug/\(endpoint.path)"), method: httpMethod) { request, _ in
                    var query: [String: String] = [:]
                    for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
                    let diagnosticsRequest = DiagnosticsRequest(method: method, query: query, accept: request.headers[.accept])
                    do throws(DiagnosticsError) {
                        return Self.response(try await endpoint.respond(to: diagnosticsRequest))
                    } catch {
                        return Self.response(
                            DiagnosticsResponse(status: error.status, contentType: "text/plain; charset=utf-8", body: Array("\(error.message)\n".utf8), fileExtension: "txt")
                        )
                    }
                }
            }
        }
        return router
    }

    static func response(_ response: DiagnosticsResponse) -> Response {
        Response(
            status: HTTPResponse.Status(code: response.status),
            headers: [.contentType: response.contentType],
            body: .init(byteBuffer: ByteBuffer(bytes: response.body))
        )
    }
}
