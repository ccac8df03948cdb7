import Foundation
import Testing

/// The backends every contract test runs against.
enum StorageBackend: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case sqlite
    case postgresql

    var testDescription: String { rawValue }

    /// SQLite always; PostgreSQL when the test script started one, or under CI (where its absence fails).
    static var available: [StorageBackend] {
        let environment = ProcessInfo.processInfo.environment
        if environment["POSTGRES_TEST_URL"] != nil || environment["CI"] != nil {
            return [.sqlite, .postgresql]
        }
        return [.sqlite]
    }

    /// `POSTGRES_TEST_URL`, or a recorded failure naming what to run.
    static var postgresURL: String? {
        guard let url = ProcessInfo.processInfo.environment["POSTGRES_TEST_URL"], !url.isEmpty else {
            Issue.record("POSTGRES_TEST_URL is not set: run the tests through scripts/test.sh, which starts PostgreSQL")
            return nil
        }
        return url
    }
}
