import Kafka
import Messaging
import Storage
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
}
