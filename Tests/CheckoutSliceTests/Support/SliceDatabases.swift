import Foundation
import TelemetryTesting

/// Reads a service's own database directly (not through its API): `sqlite3` on the embedded file, or
/// `psql` on its PostgreSQL database.
struct SliceDatabases {
    let slice: CheckoutSlice

    /// The first column of the first row of `sql` on `service`'s database, as text ("" for no row).
    func value(_ service: String, _ sql: String) async throws -> String {
        let result: ChildProcess.Result
        if let url = slice.databaseURLs[service] {
            result = try await ChildProcess.run(Self.tool("psql"), [url, "-v", "ON_ERROR_STOP=1", "-tAc", sql], mergeErrors: false)
        } else {
            let file = slice.dataDirectory.appendingPathComponent(service).appendingPathComponent("\(service).sqlite").path
            result = try await ChildProcess.run(Self.tool("sqlite3"), ["-readonly", file, sql], mergeErrors: false)
        }
        guard result.status == 0 else { throw SliceError(description: "\(service) database: \(sql): \(result.errors)") }
        return result.output.split(separator: "\n").first.map(String.init) ?? ""
    }

    /// `name` in /usr/bin or /usr/local/bin (Debian's `sqlite3` and `postgresql-client`, which test.sh installs).
    static func tool(_ name: String) -> String {
        ["/usr/bin/\(name)", "/usr/local/bin/\(name)"].first { FileManager.default.isExecutableFile(atPath: $0) } ?? name
    }
}
