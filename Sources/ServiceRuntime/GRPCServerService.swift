import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import ServiceLifecycle
import TaskTracking

/// Runs a grpc-swift-2 server as a `Service`: on graceful shutdown it stops accepting calls and lets
/// in-flight ones finish.
struct GRPCServerService: Service {
    let server: GRPCServer<HTTP2ServerTransport.Posix>
    let bound: @Sendable (Int) -> Void

    func run() async throws {
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTrackedTask("grpc.server") { try await server.serve() }
                let address = try await server.transport.listeningAddress
                if let port = address.ipv4?.port ?? address.ipv6?.port { bound(port) }
            }
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }
}
