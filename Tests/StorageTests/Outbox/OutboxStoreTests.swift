import Storage
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite struct OutboxStoreTests {
    @Test(arguments: StorageBackend.available)
    func enqueue_transactionRolledBack_leavesNoRow(backend: StorageBackend) async throws {
        struct PaymentDeclined: Error {}
        try await TestDatabase.with(backend) { test, database in
            try await database.query("CREATE TABLE orders (id TEXT PRIMARY KEY, state TEXT NOT NULL)")
            let store = OutboxStore(tracer: test.tracer)
            await #expect(throws: PaymentDeclined.self) {
                try await database.withTransaction { tx in
                    try await tx.query("INSERT INTO orders (id, state) VALUES ($1, $2)", ["o-1", "paid"])
                    try await store.enqueue(OutboxFixtures.message("e-1", aggregate: "o-1"), in: tx)
                    throw PaymentDeclined()
                }
            }
            #expect(try await store.pendingCount(in: database) == 0)
            #expect(try await database.query("SELECT id FROM orders").isEmpty)
            try await database.withTransaction { tx in
                try await tx.query("INSERT INTO orders (id, state) VALUES ($1, $2)", ["o-1", "paid"])
                try await store.enqueue(OutboxFixtures.message("e-1", aggregate: "o-1"), in: tx)
            }
            #expect(try await store.pendingCount(in: database) == 1)
        }
    }

    @Test(arguments: StorageBackend.available)
    func enqueue_insideASpan_storesItsTraceContextAndBaggage(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let store = OutboxStore(tracer: test.tracer)
            var context = ServiceContext.topLevel
            var baggage = Baggage()
            baggage["saga.id"] = "s-9"
            context.baggage = baggage
            let span = test.tracer.startSpan("POST /orders", context: context, ofKind: .server)
            try await ServiceContext.$current.withValue(span.context) {
                try await database.withTransaction { tx in
                    try await store.enqueue(OutboxFixtures.message("e-1", aggregate: "o-1", topic: "orders"), in: tx)
                }
            }
            span.end()
            let row = try #require(try await database.query("SELECT headers FROM outbox").first)
            let headers = try #require(try row.text("headers"))
            let traceID = try #require(test.recorder.finishedSpans.first { $0.operationName == "POST /orders" }).traceID
            #expect(headers.contains("traceparent=00-\(traceID)-"))
            #expect(headers.contains("baggage=saga.id=s-9") || headers.contains("baggage=saga.id%3Ds-9"))
        }
    }

    @Test(arguments: StorageBackend.available)
    func enqueue_sameEventIDTwice_throwsUniqueViolation(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { _, database in
            try await OutboxFixtures.enqueue([OutboxFixtures.message("e-1", aggregate: "o-1")], into: database)
            let error = try await #require(throws: DatabaseError.self) {
                try await OutboxFixtures.enqueue([OutboxFixtures.message("e-1", aggregate: "o-2")], into: database)
            }
            #expect(error.code == .uniqueViolation)
        }
    }
}
