/// An address and port read from a gRPC peer description (`ipv4:127.0.0.1:31415`,
/// `ipv6:[::1]:443`, `unix:/tmp/sock`).
///
/// Other transports (`in-process:1234`) name no network address and give nil.
struct PeerAddress: Sendable, Hashable {
    /// The IP address or socket path.
    var address: String
    /// The port, when the transport has one.
    var port: Int?

    init(address: String, port: Int?) {
        self.address = address
        self.port = port
    }

    /// Parses a `ServerContext`/`ClientContext` peer description.
    init?(grpcPeer peer: String) {
        guard let colon = peer.firstIndex(of: ":") else { return nil }
        let transport = peer[..<colon]
        let rest = peer[peer.index(after: colon)...]
        switch transport {
        case "ipv4":
            guard let portColon = rest.lastIndex(of: ":") else { return nil }
            self.init(address: String(rest[..<portColon]), port: Int(rest[rest.index(after: portColon)...]))
        case "ipv6":
            guard rest.first == "[", let close = rest.lastIndex(of: "]") else { return nil }
            let address = rest[rest.index(after: rest.startIndex)..<close]
            let afterClose = rest[rest.index(after: close)...]
            self.init(address: String(address), port: afterClose.first == ":" ? Int(afterClose.dropFirst()) : nil)
        case "unix":
            guard !rest.isEmpty else { return nil }
            self.init(address: String(rest), port: nil)
        default:
            return nil
        }
    }
}
