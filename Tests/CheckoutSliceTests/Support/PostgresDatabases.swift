import Foundation
import TelemetryTesting

/// One fresh PostgreSQL database per service on the test server, created and dropped with `psql`.
struct PostgresDatabases {
    /// `DATABASE_URL` per service.
    let urls: [String: String]
    let server: String
    let names: [String]

    /// Creates `e2e_<random>_<service>` for each service on the server of `serverURL` (`postgres://...`).
    static func create(for services: [String], on serverURL: String) async throws -> PostgresDatabases {
        let prefix = "e2e_\(UInt32.random(in: 0...UInt32.max))"
        var urls: [String: String] = [:]
        var names: [String] = []
        for service in services {
            let name = "\(prefix)_\(service)"
            try await psql(serverURL, "CREATE DATABASE \(name)")
            names.append(name)
            urls[service] = url(serverURL, database: name)
        }
        return PostgresDatabases(urls: urls, server: serverURL, names: names)
    }

    /// Drops the databases (best effort: a failure only leaves them behind on the throwaway server).
    func drop() async {
        for name in names { try? await Self.psql(server, "DROP DATABASE IF EXISTS \(name) WITH (FORCE)") }
    }

    /// `serverURL` with its path replaced by `/database`.
    static func url(_ serverURL: String, database: String) -> String {
        guard var components = URLComponents(string: serverURL) else { return serverURL }
        components.path = "/" + database
        return components.string ?? serverURL
    }

    static func psql(_ serverURL: String, _ statement: String) async throws {
        let psql = ["/usr/bin/psql", "/usr/local/bin/psql"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? "psql"
        let result = try await ChildProcess.run(psql, [serverURL, "-v", "ON_ERROR_STOP=1", "-qc", statement], mergeErrors: true)
        guard result.status == 0 else { throw SliceError(description: "psql \(statement): \(result.output)") }
    }
}
