/// The relay's statements: claim a batch, mark rows sent, back off an aggregate, count the backlog.
///
/// **Ordering guarantee.** Claims are serialised (PostgreSQL: `pg_advisory_xact_lock` in the claim
/// transaction; SQLite: `BEGIN IMMEDIATE`). A claim takes pending rows in `seq` order, skipping every
/// aggregate that has a pending row leased to anyone (`locked_until` in the future), and leases what
/// it takes (`locked_by`, `locked_until`). So at any time an aggregate's pending rows are leased to at
/// most one relay, and the relay publishes them oldest first and marks them sent up to the first failure
/// (a batch publisher such as Kafka's hands a whole batch over in order, so a later row of a failed
/// aggregate may already be delivered: it stays pending and is re-published after the failed one). A lease
/// that runs out (crashed or stalled relay) frees the aggregate; the next claim starts again from its
/// oldest pending row. `seq` order is commit order per aggregate when the state change locks the
/// aggregate's row (any `UPDATE` of it does), which is what the outbox pattern asks of the writer.
///
/// **Delivery.** A row is marked sent only after its publish returned, so a crash between the two
/// re-publishes it (at least once); two relays publish the same row only if a lease expires while its
/// holder is still publishing (a relay stalled longer than the lease), never in the normal case.
enum OutboxQueries {
    static let claimLockKey: Int64 = 0x6f75_7462_6f78_636c  // ASCII "outboxcl"

    static let columns = "seq, id, aggregate_id, topic, message_key, event_type, payload, headers, created_at, attempts"

    static func selectClaimable(dialect: SQLDialect, now: Int64, limit: Int) -> DatabaseQuery {
        let lock = dialect == .postgresql ? " FOR UPDATE SKIP LOCKED" : ""
        return DatabaseQuery(
            """
            SELECT \(columns) FROM outbox o WHERE o.sent_at IS NULL AND NOT EXISTS (
                SELECT 1 FROM outbox l WHERE l.aggregate_id = o.aggregate_id AND l.sent_at IS NULL AND l.locked_until > $1)
            ORDER BY o.seq LIMIT $2\(lock)
            """,
            [.integer(now), .integer(Int64(limit))],
            summary: "SELECT outbox"
        )
    }

    static func lease(seqs: [Int64], relayID: String, until: Int64) -> DatabaseQuery {
        let placeholders = seqs.indices.map { "$\($0 + 3)" }.joined(separator: ", ")
        return DatabaseQuery(
            "UPDATE outbox SET locked_by = $1, locked_until = $2, attempts = attempts + 1 WHERE seq IN (\(placeholders))",
            [.text(relayID), .integer(until)] + seqs.map { .integer($0) },
            summary: "UPDATE outbox"
        )
    }

    static func markSent(seq: Int64, at time: Int64) -> DatabaseQuery {
        DatabaseQuery("UPDATE outbox SET sent_at = $1, locked_until = NULL WHERE seq = $2", [.integer(time), .integer(seq)], summary: "UPDATE outbox")
    }

    static func markSent(seqs: [Int64], at time: Int64) -> DatabaseQuery {
        guard seqs.count > 1 else { return markSent(seq: seqs[0], at: time) }
        let placeholders = seqs.indices.map { "$\($0 + 2)" }.joined(separator: ", ")
        return DatabaseQuery(
            "UPDATE outbox SET sent_at = $1, locked_until = NULL WHERE seq IN (\(placeholders))",
            [.integer(time)] + seqs.map { .integer($0) },
            summary: "UPDATE outbox"
        )
    }

    static func backOff(aggregateID: String, relayID: String, until: Int64) -> DatabaseQuery {
        DatabaseQuery(
            "UPDATE outbox SET locked_until = $1 WHERE aggregate_id = $2 AND sent_at IS NULL AND locked_by = $3",
            [.integer(until), .text(aggregateID), .text(relayID)],
            summary: "UPDATE outbox"
        )
    }

    static let backlog = DatabaseQuery("SELECT count(*) AS pending FROM outbox WHERE sent_at IS NULL", summary: "SELECT outbox")
}
