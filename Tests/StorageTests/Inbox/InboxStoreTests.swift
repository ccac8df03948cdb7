import MetricsTestKit
import Storage
import Testing

@Suite struct InboxStoreTests {
    @Test(arguments: StorageBackend.available)
    func withIdempotentTransaction_redelivery_hasNoSecondEffect(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            try await database.query("CREATE TABLE balances (id TEXT PRIMARY KEY, amount BIGINT NOT NULL)")
            try await database.query("INSERT INTO balances (id, amount) VALUES ($1, $2)", ["acct", 100])
            let inbox = InboxStore(metricsFactory: test.metrics)
            var outcomes: [Bool] = []
            for _ in 0..<3 {
                let applied = try await inbox.withIdempotentTransaction(in: database, eventID: "evt-1", consumer: "billing") { tx in
                    try await tx.query("UPDATE balances SET amount = amount - $1 WHERE id = $2", [30, "acct"])
                }
                outcomes.append(applied != nil)
            }
            #expect(outcomes == [true, false, false])
            #expect(try await database.query("SELECT amount FROM balances").first?.integer("amount") == 70)
            let skipped = try test.metrics.expectCounter("inbox.duplicates.skipped", [("messaging.consumer.group.name", "billing")])
            #expect(skipped.totalValue == 2)
        }
    }

    @Test(arguments: StorageBackend.available)
    func withIdempotentTransaction_effectsFail_leavesTheEventUnprocessed(backend: StorageBackend) async throws {
        struct HandlerFailed: Error {}
        try await TestDatabase.with(backend) { test, database in
            let inbox = InboxStore(metricsFactory: test.metrics)
            await #expect(throws: HandlerFailed.self) {
                try await inbox.withIdempotentTransaction(in: database, eventID: "evt-2", consumer: "billing") { _ in throw HandlerFailed() }
            }
            let retried = try await inbox.withIdempotentTransaction(in: database, eventID: "evt-2", consumer: "billing") { _ in "done" }
            #expect(retried == "done")
        }
    }

    @Test(arguments: StorageBackend.available)
    func process_sameEventOtherConsumer_isNew(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            let inbox = InboxStore()
            let first = try await database.withTransaction { try await inbox.process(eventID: "e", consumer: "a", in: $0) }
            let second = try await database.withTransaction { try await inbox.process(eventID: "e", consumer: "b", in: $0) }
            let again = try await database.withTransaction { try await inbox.process(eventID: "e", consumer: "a", in: $0) }
            #expect([first, second, again] == [true, true, false])
        }
    }
}
