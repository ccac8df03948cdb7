import MetricsTestKit
import Storage
import TelemetryTesting
import Testing
import Tracing

@Suite struct DatabaseTelemetryTests {
    @Test(arguments: StorageBackend.available)
    func query_anyStatement_recordsAClientSpanWithSemanticConventions(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            test.recorder.reset()
            try await database.query("SELECT count(*) AS n FROM outbox WHERE topic = $1 AND attempts < 3", ["orders"])
            let span = try #require(test.recorder.finishedSpans.last)
            #expect(span.operationName == "SELECT outbox")
            #expect(span.kind == .client)
            let attributes = span.attributes
            #expect(attributes.get("db.system.name")?.toSpanAttribute() == .string(backend.rawValue))
            #expect(attributes.get("db.operation.name")?.toSpanAttribute() == .string("SELECT"))
            #expect(attributes.get("db.query.summary")?.toSpanAttribute() == .string("SELECT outbox"))
            #expect(attributes.get("db.query.text")?.toSpanAttribute() == .string("SELECT count(*) AS n FROM outbox WHERE topic = $1 AND attempts < ?"))
            #expect(attributes.get("db.namespace") != nil)
            if backend == .postgresql {
                #expect(attributes.get("server.address")?.toSpanAttribute() == .string("127.0.0.1"))
                #expect(attributes.get("server.port") != nil)
            } else {
                #expect(attributes.get("server.address") == nil)
            }
            #expect(attributes.get("error.type") == nil)
        }
    }

    @Test(arguments: StorageBackend.available)
    func query_failing_setsErrorTypeAndStatus(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            _ = try? await database.query("SELECT * FROM nowhere")
            let span = try #require(test.recorder.finishedSpans.last)
            #expect(span.attributes.get("error.type")?.toSpanAttribute() == .string("query_failed"))
            #expect(span.status?.code == .error)
        }
    }

    @Test(arguments: StorageBackend.available)
    func query_anyStatement_recordsOperationDurationAndConnectionCounts(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            try await database.query("SELECT 1 AS one")
            let timer = try test.metrics.expectTimer(
                "db.client.operation.duration", [("db.system.name", backend.rawValue), ("db.operation.name", "SELECT")]
            )
            #expect(!timer.values.isEmpty)
            let used = try test.metrics.expectGauge(
                "db.client.connection.count", [("db.system.name", backend.rawValue), ("db.client.connection.state", "used")]
            )
            let idle = try test.metrics.expectGauge(
                "db.client.connection.count", [("db.system.name", backend.rawValue), ("db.client.connection.state", "idle")]
            )
            #expect(used.lastValue == 0)
            #expect((idle.lastValue ?? 0) >= 1)
        }
    }
}
