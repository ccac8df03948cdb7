import MetricsTestKit
import Storage
import Testing

@Suite struct StorageRetentionTests {
    static let hour: Int64 = 3_600_000_000

    /// Sent 2 h ago, sent just now, and never sent; inbox rows 8 days and 1 hour old.
    static func seed(_ database: any Database, now: Int64) async throws {
        try await OutboxFixtures.enqueue(
            [OutboxFixtures.message("old", aggregate: "a"), OutboxFixtures.message("new", aggregate: "b"), OutboxFixtures.message("pending", aggregate: "c")],
            into: database
        )
        try await database.query("UPDATE outbox SET sent_at = $1 WHERE id = $2", [.integer(now - 2 * hour), "old"])
        try await database.query("UPDATE outbox SET sent_at = $1 WHERE id = $2", [.integer(now), "new"])
        for (event, age) in [("e-old", 8 * 24 * hour), ("e-new", hour)] {
            try await database.query(
                "INSERT INTO inbox (consumer, event_id, processed_at) VALUES ($1, $2, $3)", ["billing", .text(event), .integer(now - age)]
            )
        }
    }

    @Test(arguments: StorageBackend.available)
    func purge_deletesOnlyRowsPastTheirRetention_andCountsThem(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let now: Int64 = 1_800_000_000_000_000
            try await Self.seed(database, now: now)
            var configuration = StorageRetention<ContinuousClock>.Configuration()
            configuration.sentOutbox = .seconds(3600)
            let retention = StorageRetention(
                database: database, configuration: configuration, clock: ContinuousClock(), logger: TestDatabase.logger, metricsFactory: test.metrics
            )
            let deleted = try await retention.purge(now: now)
            #expect(deleted.outbox == 1 && deleted.inbox == 1)
            let outbox = try await database.query("SELECT id FROM outbox ORDER BY id").compactMap { try $0.text("id") }
            let inbox = try await database.query("SELECT event_id FROM inbox").compactMap { try $0.text("event_id") }
            #expect(outbox == ["new", "pending"])
            #expect(inbox == ["e-new"])
            #expect(try test.metrics.expectCounter(StorageRetention<ContinuousClock>.deletedMetric, [("table", "outbox")]).totalValue == 1)
            #expect(try test.metrics.expectCounter(StorageRetention<ContinuousClock>.deletedMetric, [("table", "inbox")]).totalValue == 1)
            let again = try await retention.purge(now: now)
            #expect(again.outbox == 0 && again.inbox == 0)
        }
    }

    @Test(arguments: StorageBackend.available)
    func purge_moreRowsThanABatch_deletesThemAll(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let now: Int64 = 1_800_000_000_000_000
            for index in 0..<7 {
                try await database.query(
                    "INSERT INTO inbox (consumer, event_id, processed_at) VALUES ($1, $2, $3)", ["billing", .text("e-\(index)"), .integer(now - 30 * 24 * Self.hour)]
                )
            }
            var configuration = StorageRetention<ContinuousClock>.Configuration()
            configuration.batchSize = 3
            let retention = StorageRetention(
                database: database, configuration: configuration, clock: ContinuousClock(), logger: TestDatabase.logger, metricsFactory: test.metrics
            )
            #expect(try await retention.purge(now: now).inbox == 7)
            #expect(try await database.query("SELECT count(*) AS n FROM inbox").first?.integer("n") == 0)
        }
    }
}
