import Testing

@testable import ServiceRuntime

@Suite struct ServiceRuntimeGRPCClientTests {
    @Test(arguments: [("127.0.0.1:9092", "127.0.0.1", 9092), ("pricing.shop.svc:9092", "pricing.shop.svc", 9092), ("[::1]:9093", "::1", 9093)])
    func parseTarget_hostAndPort_split(target: String, host: String, port: Int) throws {
        let parsed = try ServiceRuntime.parseTarget(target)
        #expect(parsed.host == host && parsed.port == port)
    }

    @Test(arguments: ["127.0.0.1", ":9092", "host:0", "host:70000", "host:port"])
    func parseTarget_malformed_throwsConfigurationError(target: String) {
        #expect(throws: (any Error).self) { _ = try ServiceRuntime.parseTarget(target) }
    }
}
