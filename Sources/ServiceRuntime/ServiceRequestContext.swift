public import Hummingbird
public import NIOCore
import TelemetryHTTP

/// The request context of every service's public HTTP routes: Hummingbird's core context plus the
/// peer address, which the telemetry middleware records as `client.address`.
public struct ServiceRequestContext: RequestContext, RemoteAddressRequestContext {
    /// Hummingbird's per-request storage.
    public var coreContext: CoreRequestContextStorage
    /// The connected peer.
    public let remoteAddress: SocketAddress?

    /// Creates the context for one request.
    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }
}
