public import TelemetryCore

/// Where and how to reach a PostgreSQL server.
public struct PostgresSettings: Sendable, Hashable, CustomStringConvertible {
    /// TLS use, as libpq's `sslmode` names it.
    public enum TLSMode: String, Sendable, Hashable {
        /// Plain TCP.
        case disable
        /// TLS when the server offers it.
        case prefer
        /// TLS or fail.
        case require
    }

    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// User name.
    public var username: String
    /// Password, if any.
    public var password: String?
    /// Database name (`db.namespace`).
    public var database: String
    /// TLS use.
    public var tls: TLSMode
    /// Most connections the pool opens.
    public var maximumConnections: Int

    /// Creates settings.
    public init(
        host: String, port: Int = 5432, username: String, password: String?, database: String,
        tls: TLSMode = .disable, maximumConnections: Int = 10
    ) {
        self.host = host
        self.port = port
        self.username = username
        self.password = password
        self.database = database
        self.tls = tls
        self.maximumConnections = maximumConnections
    }

    /// Parses `postgres://user:password@host:port/database?sslmode=disable`.
    public init(url: String, variable: String = "DATABASE_URL") throws(ConfigurationError) {
        self = try PostgresURLParser(variable: variable).parse(url)
    }

    /// The URL with the password masked, for logs.
    public var description: String {
        let secret = password == nil ? "" : ":***"
        return "postgres://\(username)\(secret)@\(host):\(port)/\(database)?sslmode=\(tls.rawValue)"
    }
}
