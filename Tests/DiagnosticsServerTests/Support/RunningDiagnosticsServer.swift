import AsyncHTTPClient
import DiagnosticsServer
import Foundation
import Logging
import NIOCore
import NIOHTTP1
import Testing

/// A ``DiagnosticsServer`` on a free loopback port for the duration of `body`, and a small HTTP client for it.
struct RunningDiagnosticsServer: Sendable {
    let port: Int

    struct Reply: Sendable {
        var status: Int
        var contentType: String
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        func json() throws -> [String: Any] {
            try #require(try JSONSerialization.jsonObject(with: Data(body)) as? [String: Any])
        }
    }

    static func with<T: Sendable>(
        token: String? = nil, endpoints: [any DiagnosticsEndpoint], _ body: @Sendable (RunningDiagnosticsServer) async throws -> T
    ) async throws -> T {
        let configuration = try DiagnosticsConfiguration(bindAddress: "127.0.0.1", port: 0, token: token)
        let (ports, sink) = AsyncStream.makeStream(of: Int.self)
        var logger = Logger(label: "diagnostics-test")
        logger.logLevel = .critical  // cancelling the server at the end logs a CancellationError
        let server = DiagnosticsServer(
            configuration: configuration, serviceName: "test", endpoints: endpoints, logger: logger,
            onListening: { sink.yield($0) }
        )
        return try await withThrowingTaskGroup(of: T?.self) { group in
            group.addTask { try await server.run(); return nil }
            var iterator = ports.makeAsyncIterator()
            let port = try #require(await iterator.next())
            let result = try await body(RunningDiagnosticsServer(port: port))
            group.cancelAll()
            return result
        }
    }

    func request(_ path: String, method: HTTPMethod = .GET, headers: [(String, String)] = []) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 64 << 20)
        return Reply(status: Int(response.status.code), contentType: response.headers.first(name: "content-type") ?? "", body: Array(buffer: body))
    }
}
