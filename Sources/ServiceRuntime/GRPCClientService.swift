import GRPCCore
import GRPCNIOTransportHTTP2
import ServiceLifecycle

/// Runs a gRPC client's connections as a `Service`: on graceful shutdown the client finishes its
/// in-flight calls and closes its connections.
struct GRPCClientService: Service {
    let client: GRPCClient<HTTP2ClientTransport.Posix>

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await client.runConnections()
        } onGracefulShutdown: {
            client.beginGracefulShutdown()
        }
    }
}
