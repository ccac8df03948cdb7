import Testing

@testable import TelemetryGRPC

@Suite struct PeerAddressTests {
    @Test func init_ipv4Peer_givesAddressAndPort() {
        #expect(PeerAddress(grpcPeer: "ipv4:127.0.0.1:31415") == PeerAddress(address: "127.0.0.1", port: 31415))
    }

    @Test func init_ipv6Peer_stripsBrackets() {
        #expect(PeerAddress(grpcPeer: "ipv6:[::1]:443") == PeerAddress(address: "::1", port: 443))
    }

    @Test func init_unixPeer_givesPathWithoutPort() {
        #expect(PeerAddress(grpcPeer: "unix:/tmp/grpc.sock") == PeerAddress(address: "/tmp/grpc.sock", port: nil))
    }

    @Test(arguments: ["in-process:1234", "in-process", "ipv6:::1", ""])
    func init_peerWithoutNetworkAddress_givesNil(_ peer: String) {
        #expect(PeerAddress(grpcPeer: peer) == nil)
    }
}
