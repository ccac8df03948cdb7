import MetricsTestKit
import Storage
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite struct OutboxRelayTests {
    @Test(arguments: StorageBackend.available)
    func relayBatch_pendingRows_publishesInOrderPerAggregateAndMarksSent(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let messages = (0..<12).map { OutboxFixtures.message("e-\($0)", aggregate: "o-\($0 % 3)") }
            try await OutboxFixtures.enqueue(messages, into: database)
            let publisher = RecordingPublisher()
            let relay = OutboxFixtures.relay(test, database, publisher: publisher, batchSize: 5)
            while try await relay.relayBatch() > 0 {}
            #expect(publisher.ids.sorted() == messages.map(\.id).sorted())
            for aggregate in ["o-0", "o-1", "o-2"] {
                let published = publisher.published.filter { $0.message.aggregateID == aggregate }.map(\.message.id)
                #expect(published == messages.filter { $0.aggregateID == aggregate }.map(\.id))
            }
            #expect(try await OutboxStore().pendingCount(in: database) == 0)
            #expect(try test.metrics.expectCounter("outbox.published", [("messaging.destination.name", "orders")]).totalValue == 12)
            #expect(try test.metrics.expectGauge("outbox.backlog").lastValue == 0)
            #expect(try test.metrics.expectTimer("outbox.publish.lag").values.count == 12)
        }
    }

    @Test(arguments: StorageBackend.available)
    func run_idleRelayWithAWakeUp_publishesACommittedRowWithoutWaitingForItsPoll(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let wakeUp = OutboxWakeUp()
            let publisher = RecordingPublisher()
            var configuration = OutboxRelay<ContinuousClock>.Configuration()
            configuration.pollInterval = .seconds(3600)  // only the wake-up can publish within the test
            let relay = OutboxRelay(
                database: database, publisher: publisher, configuration: configuration, logger: TestDatabase.logger,
                tracer: test.tracer, metricsFactory: test.metrics, wakeUp: wakeUp
            )
            try await withRunning([relay]) {
                // Its first round found nothing (and recorded the backlog): from then on it idles.
                try await eventually("the first round") { (try? test.metrics.expectGauge("outbox.backlog")) != nil }
                let message = OutboxFixtures.message("woken", aggregate: "o-1")
                try await OutboxFixtures.enqueue([message], into: database, store: OutboxStore(tracer: NoOpTracer(), wakeUp: wakeUp))
                try await eventually("the woken relay to publish") { publisher.ids == ["woken"] }
            }
        }
    }

    @Test(arguments: StorageBackend.available)
    func relayBatch_twoRelaysAtOnce_neverPublishARowTwiceNorOutOfOrder(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let messages = (0..<60).map { OutboxFixtures.message("e-\($0)", aggregate: "o-\($0 % 7)") }
            try await OutboxFixtures.enqueue(messages, into: database)
            let publisher = RecordingPublisher()
            try await withThrowingTaskGroup(of: Void.self) { group in
                for name in ["relay-a", "relay-b"] {
                    group.addTask {
                        try await test.withHandle { handle in
                            let relay = OutboxFixtures.relay(test, handle, publisher: publisher, batchSize: 4, relayID: name)
                            while try await relay.relayBatch() > 0 {}
                        }
                    }
                }
                try await group.waitForAll()
            }
            #expect(publisher.ids.count == 60)
            #expect(Set(publisher.ids).count == 60)
            for aggregate in Set(messages.map(\.aggregateID)) {
                let published = publisher.published.filter { $0.message.aggregateID == aggregate }.map(\.message.id)
                #expect(published == messages.filter { $0.aggregateID == aggregate }.map(\.id))
            }
        }
    }

    @Test(arguments: StorageBackend.available)
    func relayBatch_publishFails_leavesTheRowPendingAndRetriesItFirst(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let messages = [
                OutboxFixtures.message("a-1", aggregate: "a"), OutboxFixtures.message("a-2", aggregate: "a"),
                OutboxFixtures.message("b-1", aggregate: "b"),
            ]
            try await OutboxFixtures.enqueue(messages, into: database)
            let publisher = RecordingPublisher()
            let relay = OutboxFixtures.relay(test, database, publisher: publisher)
            publisher.failOnce("a-1")
            try await relay.relayBatch()
            #expect(publisher.ids == ["b-1"])  // a-1 failed, so a-2 waited behind it
            #expect(try await OutboxStore().pendingCount(in: database) == 2)
            try await relay.relayBatch()
            #expect(publisher.ids == ["b-1", "a-1", "a-2"])
            #expect(publisher.published[1].message.attempts == 2)
            #expect(try await OutboxStore().pendingCount(in: database) == 0)
        }
    }

    @Test(arguments: StorageBackend.available)
    func relayBatch_rowEnqueuedInATrace_publishesInASpanContinuingThatTrace(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            let store = OutboxStore(tracer: test.tracer)
            let request = test.tracer.startSpan("POST /orders", context: .topLevel, ofKind: .server)
            try await ServiceContext.$current.withValue(request.context) {
                try await database.withTransaction { tx in try await store.enqueue(OutboxFixtures.message("e-1", aggregate: "o-1"), in: tx) }
            }
            request.end()
            let publisher = RecordingPublisher()
            try await OutboxFixtures.relay(test, database, publisher: publisher).relayBatch()

            let spans = test.recorder.finishedSpans
            let requestSpan = try #require(spans.first { $0.operationName == "POST /orders" })
            let publishSpan = try #require(spans.first { $0.operationName == "create orders" })
            #expect(publishSpan.traceID == requestSpan.traceID)
            #expect(publishSpan.parentSpanID == requestSpan.spanID)
            #expect(publishSpan.attributes.get("messaging.message.id")?.toSpanAttribute() == .string("e-1"))
            // The publisher ran inside the publish span, so a Kafka producer would inject it.
            let seen = try #require(publisher.published.first?.context?.recordingSpanContext)
            #expect(seen.spanID == publishSpan.spanID)
            // Marking the row sent is a child of the publish span.
            let mark = try #require(spans.first { $0.operationName == "UPDATE outbox" && $0.parentSpanID == publishSpan.spanID })
            #expect(mark.traceID == requestSpan.traceID)
        }
    }

    @Test(arguments: StorageBackend.available)
    func relayBatch_rowWithBrokenTraceHeaders_publishesInANewTrace(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            var message = OutboxFixtures.message("e-1", aggregate: "o-1")
            message.headers = ["traceparent": "00-not-a-trace"]
            try await OutboxFixtures.enqueue([message], into: database)
            let publisher = RecordingPublisher()
            try await OutboxFixtures.relay(test, database, publisher: publisher).relayBatch()
            let publishSpan = try #require(test.recorder.finishedSpans.first { $0.operationName == "create orders" })
            #expect(publishSpan.parentSpanID == nil)
            #expect(publisher.ids == ["e-1"])
        }
    }

    @Test(arguments: StorageBackend.available)
    func run_pendingRowsThenCancelled_publishesThemAndReturns(backend: StorageBackend) async throws {
        try await TestDatabase.with(backend) { test, database in
            try await OutboxFixtures.enqueue((0..<5).map { OutboxFixtures.message("e-\($0)", aggregate: "o-\($0 % 2)") }, into: database)
            let publisher = RecordingPublisher()
            let relay = OutboxFixtures.relay(test, database, publisher: publisher)
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await relay.run() }
                while publisher.ids.count < 5 { try await Task.sleep(for: .milliseconds(5)) }
                group.cancelAll()
                try await group.waitForAll()
            }
            #expect(Set(publisher.ids).count == 5)
        }
    }
}
