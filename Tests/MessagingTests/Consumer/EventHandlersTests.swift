import Kafka
import Messaging
import Storage
import Synchronization
import Testing

@Suite struct EventHandlersTests {
    @Test func on_registeringATypeTwice_keepsOneEntryPerTypeAndVersion() {
        var handlers = EventHandlers()
        handlers.on(ItemAdded.self) { _, _ in }
        handlers.on(ItemAdded.self) { _, _ in }
        #expect(handlers.registeredTypes == ["test.item.added v1"])
    }

    @Test(arguments: [
        (DatabaseError.Code.connectionFailed, KafkaFailureKind.transient), (.busy, .transient), (.transactionConflict, .transient),
        (.closed, .transient), (.queryFailed, .permanent), (.constraintViolation, .permanent),
    ])
    func databaseErrors_classified_transientOnlyWhenRetryCanHelp(code: DatabaseError.Code, kind: KafkaFailureKind) {
        let error = EventConsumer.classify(DatabaseError(code: code, message: "boom"))
        #expect(error.kind == kind)
        #expect(error.reason == "database \(code): boom")
    }

    @Test func committingHandler_sameEventTwiceAndAFailingOne_runsTheAftermathOnlyForTheAppliedEvent() async throws {
        try await MessagingTestDatabase.with(.sqlite) { database in
            let aftermaths = Atomic<Int>(0)
            var handlers = EventHandlers()
            handlers.on(ItemAdded.self, committing: { envelope, tx in
                try await tx.query("INSERT INTO effects (event_id, note) VALUES ($1, $2)", [.text(envelope.id), .text(envelope.data.note)])
                if envelope.data.note == "fail" { throw DatabaseError(code: .queryFailed, message: "rolled back") }
                return { aftermaths.add(1, ordering: .relaxed) }
            })
            let consumer = EventConsumer(name: "aftermath", database: database, handlers: handlers)
            let codec = EventCodec()
            func deliver(_ note: String, id: String) async throws {
                let bytes = try codec.encode(EventEnvelope(ItemAdded(itemID: "i-1", note: note), source: "tests", id: id))
                try await consumer.handle(KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: bytes))
            }
            try await deliver("ok", id: "e-1")
            #expect(try await effectCount(database, eventID: "e-1") == 1)
            try await deliver("ok", id: "e-1")
            await #expect(throws: KafkaHandlerError.self) { try await deliver("fail", id: "e-2") }
            #expect(aftermaths.load(ordering: .relaxed) == 1)
            #expect(try await effectCount(database, eventID: "e-2") == 0)
        }
    }
}
