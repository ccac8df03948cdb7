import Storage
import Testing

@Suite struct MigratorTests {
    static let v1 = Migration(version: 1, name: "create widgets", statements: ["CREATE TABLE widgets (id TEXT PRIMARY KEY)"])
    static let v2 = Migration(version: 2, name: "add colour", statements: ["ALTER TABLE widgets ADD COLUMN colour TEXT"])

    @Test(arguments: StorageBackend.available)
    func migrate_twice_appliesEachVersionOnce(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            let migrator = Migrator(component: "widgets", migrations: [Self.v1, Self.v2])
            #expect(try await migrator.migrate(database) == [1, 2])
            #expect(try await migrator.migrate(database) == [])
            let rows = try await database.query("SELECT version, name FROM schema_migrations WHERE component = $1 ORDER BY version", ["widgets"])
            #expect(try rows.map { try $0.integer("version") } == [1, 2])
            #expect(try rows.map { try $0.text("name") } == ["create widgets", "add colour"])
        }
    }

    @Test(arguments: StorageBackend.available)
    func migrate_newVersionAdded_appliesOnlyTheNewOne(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            #expect(try await Migrator(component: "widgets", migrations: [Self.v1]).migrate(database) == [1])
            #expect(try await Migrator(component: "widgets", migrations: [Self.v1, Self.v2]).migrate(database) == [2])
            try await database.query("INSERT INTO widgets (id, colour) VALUES ($1, $2)", ["w", "red"])
        }
    }

    @Test(arguments: StorageBackend.available)
    func migrate_severalReplicasAtOnce_applyEachVersionExactlyOnce(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend, migrate: false) { test, _ in
            let migrations = [Self.v1, Self.v2]
            let applied = try await withThrowingTaskGroup(of: [Int].self) { group in
                for _ in 0..<6 {
                    group.addTask {
                        try await test.withHandle { database in
                            try await StorageSchema.migrator.migrate(database)
                            return try await Migrator(component: "widgets", migrations: migrations).migrate(database)
                        }
                    }
                }
                return try await group.reduce(into: [Int]()) { $0 += $1 }
            }
            #expect(applied.sorted() == [1, 2])
            let count = try await test.withHandle { database in
                try await database.query("SELECT count(*) AS n FROM schema_migrations").first?.integer("n")
            }
            #expect(count.map(Int.init) == StorageSchema.migrations.count + 2)  // storage's own and widgets 1, 2
        }
    }

    @Test(arguments: StorageBackend.available)
    func migrate_databaseNewerThanCode_refusesToRun(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            try await Migrator(component: "widgets", migrations: [Self.v1, Self.v2]).migrate(database)
            let error = try await #require(throws: DatabaseError.self) {
                try await Migrator(component: "widgets", migrations: [Self.v1]).migrate(database)
            }
            #expect(error.code == .schemaTooNew)
            #expect(error.message.contains("version 2"))
        }
    }
}
