import Logging
import ServiceLifecycle
import Storage
import TaskTracking

/// Runs the service's database and migrates it at start (Storage's outbox/inbox tables, then the
/// service's own), then opens the gate the relay, consumers and listeners wait for.
struct ServiceDatabase: Service {
    let database: any Database
    let component: String
    let migrations: [Migration]
    let gate: StartGate
    let logger: Logger

    func run() async throws {
        let database = database
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTrackedTask("database.serve") { try await database.run() }
            do {
                let storage = try await StorageSchema.migrator.migrate(database)
                let own = try await Migrator(component: component, migrations: migrations).migrate(database)
                logger.info(
                    "database ready",
                    metadata: ["db.system.name": "\(database.dialect)", "migrations.applied": "\(storage.count + own.count)"]
                )
                gate.open()
            } catch {
                logger.error("database migration failed", metadata: ["error": "\(error)"])
                group.cancelAll()
                throw error
            }
            _ = try await group.next()
        }
    }
}
