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

extension EventHandlersTests {
    /// Delivers an `ItemAdded` with `note` and event id `id` to `consumer`.
    func deliver(_ consumer: EventConsumer, note: String, id: String) async throws {
        let bytes = try EventCodec().encode(EventEnvelope(ItemAdded(itemID: "i-1", note: note), source: "tests", id: id))
        try await consumer.handle(KafkaMessage(topic: "t", partition: 0, offset: 0, key: nil, value: bytes))
    }

    func notes(_ database: any Database, eventID: String) async throws -> [String] {
        try await database.query("SELECT note FROM effects WHERE event_id = $1", [.text(eventID)]).compactMap { try $0.text("note") }.sorted()
    }

    @Test(arguments: MessagingBackend.available)
    func preparedHandler_duplicateAndFailingApply_preparesOutsideTheTransactionOnEveryDelivery(backend: MessagingBackend) async throws {
        try await MessagingTestDatabase.with(backend) { database in
            let prepares = Atomic<Int>(0)
            let aftermaths = Atomic<Int>(0)
            var handlers = EventHandlers()
            handlers.on(ItemAdded.self, prepare: { envelope in
                prepares.add(1, ordering: .relaxed)
                // Written with the database, not a transaction: it stays when the apply step rolls back.
                try await database.query("INSERT INTO effects (event_id, note) VALUES ($1, 'prepared')", [.text(envelope.id)])
                return "result of " + envelope.data.note
            }, committing: { envelope, prepared, tx in
                try await tx.query("INSERT INTO effects (event_id, note) VALUES ($1, $2)", [.text(envelope.id), .text(prepared)])
                if envelope.data.note == "fail" { throw DatabaseError(code: .queryFailed, message: "rolled back") }
                return { aftermaths.add(1, ordering: .relaxed) }
            })
            let consumer = EventConsumer(name: "prepared", database: database, handlers: handlers)
            try await deliver(consumer, note: "ok", id: "e-1")
            try await deliver(consumer, note: "ok", id: "e-1")
            await #expect(throws: KafkaHandlerError.self) { try await deliver(consumer, note: "fail", id: "e-2") }
            #expect(prepares.load(ordering: .relaxed) == 3, "the duplicate is prepared too")
            #expect(try await notes(database, eventID: "e-1") == ["prepared", "prepared", "result of ok"])
            #expect(try await notes(database, eventID: "e-2") == ["prepared"], "the apply step rolled back, the preparation did not")
            #expect(aftermaths.load(ordering: .relaxed) == 1)
        }
    }

    @Test(arguments: [
        (KafkaHandlerError(.permanent, reason: "refused") as any Error, KafkaFailureKind.permanent),
        (KafkaHandlerError(.transient, reason: "down"), .transient),
        (DatabaseError(code: .busy, message: "busy"), .transient),
        (DatabaseError(code: .queryFailed, message: "bad"), .permanent),
    ])
    func preparedHandler_prepareFails_mapsLikeAHandlerErrorAndAppliesNothing(error: any Error, kind: KafkaFailureKind) async throws {
        try await MessagingTestDatabase.with(.sqlite) { database in
            let applies = Atomic<Int>(0)
            var handlers = EventHandlers()
            handlers.on(ItemAdded.self, prepare: { _ -> String in throw error }, committing: { _, _, _ in
                applies.add(1, ordering: .relaxed)
                return nil
            })
            let consumer = EventConsumer(name: "prepared", database: database, handlers: handlers)
            let thrown = await #expect(throws: KafkaHandlerError.self) { try await deliver(consumer, note: "x", id: "e-1") }
            #expect(thrown?.kind == kind)
            #expect(applies.load(ordering: .relaxed) == 0)
            let inbox = try await database.query("SELECT event_id FROM inbox WHERE event_id = 'e-1'")
            #expect(inbox.isEmpty, "not recorded as processed: a retry prepares again")
        }
    }
}
