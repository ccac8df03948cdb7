public import TelemetryCore

/// Which database a service uses, read once in `main` from `DATABASE_URL` and `DATA_DIR`.
///
/// - `DATABASE_URL=postgres://user:password@host:5432/orders?sslmode=disable`: PostgreSQL (production).
///   `sslmode` is `disable` (default), `prefer` or `require`; `postgresql://` is accepted too.
/// - `DATABASE_URL` unset or empty: an embedded SQLite file `<DATA_DIR>/<name>.sqlite`
///   (`DATA_DIR` defaults to `./.run/data`).
public enum DatabaseConfiguration: Sendable, Hashable {
    /// A PostgreSQL server.
    case postgresql(PostgresSettings)
    /// An SQLite file.
    case sqlite(path: String)

    /// The settings `environment` asks for; `name` names the SQLite file (normally the service name).
    public init(environment: EnvironmentReader, name: String) throws(ConfigurationError) {
        if let url = environment.string("DATABASE_URL") {
            self = .postgresql(try PostgresSettings(url: url))
        } else {
            let directory = environment.string("DATA_DIR") ?? "./.run/data"
            self = .sqlite(path: directory + "/" + name + ".sqlite")
        }
    }

    /// The `db.system.name` of this configuration.
    public var dialect: SQLDialect {
        switch self {
        case .postgresql: .postgresql
        case .sqlite: .sqlite
        }
    }
}
