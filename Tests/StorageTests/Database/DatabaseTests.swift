import Storage
import TelemetryTesting
import Testing

/// The behaviour both backends share: values, transactions, errors.
@Suite struct DatabaseTests {
    @Test(arguments: StorageBackend.available)
    func query_everyValueKind_roundTrips(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            try await database.query("CREATE TABLE kinds (i BIGINT, r DOUBLE PRECISION, t TEXT, b BYTEA, n TEXT)".forDialect(database.dialect))
            try await database.query(
                "INSERT INTO kinds (i, r, t, b, n) VALUES ($1, $2, $3, $4, $5)",
                [.integer(Int64.max), .real(1.5), .text("häßlich 'quoted'"), .bytes([0, 255, 7]), .null]
            )
            let row = try #require(try await database.query("SELECT i, r, t, b, n FROM kinds").first)
            #expect(row.values == [.integer(Int64.max), .real(1.5), .text("häßlich 'quoted'"), .bytes([0, 255, 7]), .null])
        }
    }

    @Test(arguments: StorageBackend.available)
    func afterCommit_runsOnceTheTransactionCommitted_andNeverOnRollback(backend: StorageBackend) async throws {
        struct Abort: Error {}
        try await TestDatabase.with(backend) { _, database in
            try await database.query("CREATE TABLE notes (id TEXT PRIMARY KEY)")
            let ran = Recorded<String>()
            try await database.withTransaction { tx in
                tx.afterCommit { ran.append("committed") }
                try await tx.query("INSERT INTO notes (id) VALUES ($1)", ["a"])
                #expect(ran.count == 0, "ran before the commit")
            }
            await #expect(throws: Abort.self) {
                try await database.withTransaction { tx in
                    tx.afterCommit { ran.append("rolled back") }
                    throw Abort()
                }
            }
            #expect(ran.all == ["committed"])
        }
    }

    @Test(arguments: StorageBackend.available)
    func withTransaction_bodyThrows_rollsBack(backend: StorageBackend) async throws {
        struct Abort: Error {}
        try await TestDatabase.with(backend) { _, database in
            try await database.query("CREATE TABLE notes (id TEXT PRIMARY KEY)")
            await #expect(throws: Abort.self) {
                try await database.withTransaction { tx in
                    try await tx.query("INSERT INTO notes (id) VALUES ($1)", ["a"])
                    throw Abort()
                }
            }
            _ = try await database.withTransaction { tx in try await tx.query("INSERT INTO notes (id) VALUES ($1)", ["b"]) }
            let ids = try await database.query("SELECT id FROM notes ORDER BY id").map { try $0.text("id") }
            #expect(ids == ["b"])
        }
    }

    @Test(arguments: StorageBackend.available)
    func query_duplicateKey_throwsUniqueViolation(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            try await database.query("CREATE TABLE notes (id TEXT PRIMARY KEY)")
            try await database.query("INSERT INTO notes (id) VALUES ($1)", ["a"])
            let error = try await #require(throws: DatabaseError.self) {
                try await database.query("INSERT INTO notes (id) VALUES ($1)", ["a"])
            }
            #expect(error.code == .uniqueViolation)
            #expect(error.sqlState == (backend == .postgresql ? "23505" : nil))
        }
    }

    @Test(arguments: StorageBackend.available)
    func query_missingTable_throwsQueryFailed(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            let error = try await #require(throws: DatabaseError.self) { try await database.query("SELECT * FROM nowhere") }
            #expect(error.code == .queryFailed)
            #expect(error.message.contains("nowhere"))
        }
    }
}

extension String {
    /// The one type name the dialects spell differently in these tests.
    func forDialect(_ dialect: SQLDialect) -> String {
        dialect == .sqlite ? replacing("BYTEA", with: "BLOB").replacing("DOUBLE PRECISION", with: "REAL") : self
    }
}
