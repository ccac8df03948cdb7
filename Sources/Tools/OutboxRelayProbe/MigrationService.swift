import ServiceLifecycle
import Storage

/// Applies the Storage schema once the database service runs, then ends.
struct MigrationService: Service {
    let database: any Database

    func run() async throws {
        try await StorageSchema.migrator.migrate(database)
    }
}
