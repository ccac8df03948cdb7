package import Storage

/// Outbox rows of `eventType` for `aggregateID`.
package func outboxCount(_ database: any Database, eventType: String, aggregateID: String) async throws -> Int {
    let rows = try await database.query(
        "SELECT count(*) AS n FROM outbox WHERE event_type = $1 AND aggregate_id = $2", [.text(eventType), .text(aggregateID)]
    )
    return Int(try rows.first?.integer("n") ?? 0)
}

/// The event types and payloads (JSON text) in the outbox, oldest first.
package func outboxEvents(_ database: any Database) async throws -> [(type: String, payload: String)] {
    try await database.query("SELECT event_type, payload FROM outbox ORDER BY seq").map { row in
        (try row.text("event_type") ?? "", String(decoding: try row.bytes("payload") ?? [], as: UTF8.self))
    }
}
