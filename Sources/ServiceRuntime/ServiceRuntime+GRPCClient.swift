public import GRPCCore
public import GRPCNIOTransportHTTP2
public import TelemetryCore

extension ServiceRuntime {
    /// A plaintext HTTP/2 gRPC client for `target` (`host:port`) with the runtime's client interceptors
    /// (tracing, `rpc.client.call.duration`, deadline propagation). Its connections run in the service's
    /// `ServiceGroup`: opened before the listeners start, closed after they stop. Call before ``run(router:grpcServices:services:diagnostics:)``.
    ///
    /// ```swift
    /// let pricing = Commerce_Pricing_V1_Pricing.Client(wrapping: try runtime.grpcClient(target: "127.0.0.1:9092"))
    /// ```
    /// - Throws: ``ConfigurationError`` when `target` is not `host:port`.
    public func grpcClient(target: String) throws(ConfigurationError) -> GRPCClient<HTTP2ClientTransport.Posix> {
        let (host, port) = try Self.parseTarget(target)
        let transport: HTTP2ClientTransport.Posix
        do {
            transport = try HTTP2ClientTransport.Posix(target: .dns(host: host, port: port), transportSecurity: .plaintext)
        } catch {
            throw ConfigurationError(variable: "gRPC target", value: target, accepted: "a reachable host:port (\(error))")
        }
        let client = GRPCClient(transport: transport, interceptors: grpcClientInterceptors)
        resources.state.withLock { $0.grpcClients.append(GRPCClientService(client: client)) }
        return client
    }

    /// `host:port` split, the port within 1...65535.
    static func parseTarget(_ target: String) throws(ConfigurationError) -> (host: String, port: Int) {
        let accepted = "expected host:port, e.g. 127.0.0.1:9092"
        guard let colon = target.lastIndex(of: ":"), let port = Int(target[target.index(after: colon)...]), (1...65535).contains(port)
        else { throw ConfigurationError(variable: "gRPC target", value: target, accepted: accepted) }
        var host = String(target[..<colon])
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw ConfigurationError(variable: "gRPC target", value: target, accepted: accepted) }
        return (host, port)
    }
}
