import Foundation

/// The database backends a service's store tests run against: SQLite always; PostgreSQL when
/// scripts/test.sh started one (`POSTGRES_TEST_URL`), and under CI, where its absence fails the test.
///
/// ```swift
/// @Test(arguments: TestBackend.available)
/// func reserve_twice_reservesOnce(backend: TestBackend) async throws {
///     try await ServiceTestDatabase.with(backend, migrations: InventorySchema.migrations) { database in ... }
/// }
/// ```
package enum TestBackend: String, CaseIterable, CustomStringConvertible, Sendable {
    case sqlite
    case postgresql

    package var description: String { rawValue }

    /// The backends of this run.
    package static var available: [TestBackend] {
        let environment = ProcessInfo.processInfo.environment
        return environment["POSTGRES_TEST_URL"] != nil || environment["CI"] != nil ? [.sqlite, .postgresql] : [.sqlite]
    }
}
