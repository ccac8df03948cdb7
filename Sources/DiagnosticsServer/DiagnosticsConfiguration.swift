public import TelemetryCore

/// Where the admin port listens and who may use it.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `ADMIN_BIND_ADDRESS` | `127.0.0.1` | loopback only by default, reached through `kubectl port-forward` |
/// | `ADMIN_PORT` | `6060` | `0` picks a free port, logged at start |
/// | `ADMIN_TOKEN` | none | required when the address is not loopback; then every request needs `Authorization: Bearer <token>` |
public struct DiagnosticsConfiguration: Sendable, Equatable {
    /// The listener's address.
    public var bindAddress: String
    /// The listener's port (0: any free port).
    public var port: Int
    /// The bearer token every request must carry, when set.
    public var token: String?

    /// Validates the combination: a non-loopback address without a token is refused.
    public init(bindAddress: String = "127.0.0.1", port: Int = 6060, token: String? = nil) throws(ConfigurationError) {
        self.bindAddress = bindAddress
        self.port = port
        self.token = token
        if !Self.isLoopback(bindAddress), token?.isEmpty ?? true {
            throw ConfigurationError(
                variable: "ADMIN_BIND_ADDRESS", value: bindAddress,
                accepted: "a non-loopback admin address requires ADMIN_TOKEN (every request then needs Authorization: Bearer <token>)"
            )
        }
    }

    /// Reads `ADMIN_BIND_ADDRESS`, `ADMIN_PORT` and `ADMIN_TOKEN`.
    public init(environment: EnvironmentReader, defaultPort: Int = 6060) throws(ConfigurationError) {
        try self.init(
            bindAddress: environment.string("ADMIN_BIND_ADDRESS") ?? "127.0.0.1",
            port: try environment.port("ADMIN_PORT", default: defaultPort, allowingZero: true),
            token: environment.string("ADMIN_TOKEN")
        )
    }

    /// True for 127.0.0.0/8, `::1` and `localhost`.
    public static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address == "[::1]" || address.hasPrefix("127.")
    }
}
