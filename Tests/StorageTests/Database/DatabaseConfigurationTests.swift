import Storage
import TelemetryCore
import Testing

@Suite struct DatabaseConfigurationTests {
    @Test func init_postgresURL_readsEveryPart() throws {
        let environment = EnvironmentReader(["DATABASE_URL": "postgres://orders:s%40cret@db.internal:6543/orders?sslmode=require"])
        let configuration = try DatabaseConfiguration(environment: environment, name: "orders")
        let expected = PostgresSettings(host: "db.internal", port: 6543, username: "orders", password: "s@cret", database: "orders", tls: .require)
        #expect(configuration == .postgresql(expected))
        #expect(configuration.dialect == .postgresql)
    }

    @Test func init_noDatabaseURL_usesSQLiteUnderDataDir() throws {
        let configuration = try DatabaseConfiguration(environment: EnvironmentReader(["DATA_DIR": "/var/lib/orders"]), name: "orders")
        #expect(configuration == .sqlite(path: "/var/lib/orders/orders.sqlite"))
        #expect(try DatabaseConfiguration(environment: EnvironmentReader([:]), name: "x") == .sqlite(path: "./.run/data/x.sqlite"))
    }

    @Test(arguments: [
        "mysql://u:p@host/db",
        "postgres://host:5432/db",
        "postgres://u:p@host:99999/db",
        "postgres://u:p@host:5432/",
        "postgres://u:p@host/db?sslmode=sometimes",
        "postgres://u:p@host/db?colour=blue",
        "localhost:5432",
    ])
    func init_badURL_throwsConfigurationErrorNamingTheVariable(url: String) {
        #expect {
            try DatabaseConfiguration(environment: EnvironmentReader(["DATABASE_URL": url]), name: "orders")
        } throws: { error in
            guard let error = error as? ConfigurationError else { return false }
            return error.variable == "DATABASE_URL" && error.accepted.contains("postgres://user:password@host:port/database")
        }
    }

    @Test func init_badURLWithPassword_neverShowsThePassword() throws {
        let error = try #require(throws: ConfigurationError.self) {
            try PostgresSettings(url: "postgres://u:hunter2@host:0/db")
        }
        #expect(!error.description.contains("hunter2"))
        #expect(error.value == "postgres://u:***@host:0/db")
    }

    @Test func description_masksThePassword() throws {
        let settings = try PostgresSettings(url: "postgres://u:hunter2@host/db")
        #expect(settings.description == "postgres://u:***@host:5432/db?sslmode=disable")
    }
}
