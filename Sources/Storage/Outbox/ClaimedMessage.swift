/// A claimed row: its outbox sequence number and message.
struct ClaimedMessage: Sendable {
    var seq: Int64
    var message: OutboxMessage
}
