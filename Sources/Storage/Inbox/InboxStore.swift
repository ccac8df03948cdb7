public import CoreMetrics
import TelemetryCore

/// Records which events a consumer has processed, in the same transaction as the handler's effects,
/// so a redelivered event has no second effect.
///
/// ```swift
/// let applied = try await inbox.withIdempotentTransaction(in: database, eventID: envelope.id, consumer: "billing") { tx in
///     try await tx.query("UPDATE accounts SET balance = balance - $1 WHERE id = $2", [...])
/// }
/// // applied == nil: a duplicate, skipped (counted in inbox.duplicates.skipped)
/// ```
public struct InboxStore: Sendable {
    /// `inbox.duplicates.skipped`; Prometheus shows `inbox_duplicates_skipped_total`.
    static let duplicatesName = "inbox.duplicates.skipped"

    private let factory: any MetricsFactory

    /// Creates a store.
    public init(metricsFactory: any MetricsFactory = MetricsSystem.factory) {
        self.factory = metricsFactory
    }

    /// Records `eventID` as processed by `consumer`; true when it was new, false when already recorded.
    public func process(eventID: String, consumer: String, in tx: any DatabaseTransaction) async throws -> Bool {
        let rows = try await tx.query(
            """
            INSERT INTO inbox (consumer, event_id, processed_at) VALUES ($1, $2, $3)
            ON CONFLICT DO NOTHING RETURNING event_id
            """,
            [.text(consumer), .text(eventID), .integer(WallClock.nowMicroseconds())],
            summary: "INSERT inbox"
        )
        return !rows.isEmpty
    }

    /// Runs `effects` and records `eventID` in one transaction; returns nil (and counts a skipped
    /// duplicate) without running `effects` when the event was already processed.
    public func withIdempotentTransaction<Result: Sendable>(
        in database: any Database,
        eventID: String,
        consumer: String,
        _ effects: (any DatabaseTransaction) async throws -> Result
    ) async throws -> Result? {
        let (isNew, result): (Bool, Result?) = try await database.withTransaction { tx in
            guard try await process(eventID: eventID, consumer: consumer, in: tx) else { return (false, nil) }
            return (true, try await effects(tx))
        }
        if !isNew { duplicates(of: consumer).increment() }
        return result
    }

    /// Exports `consumer`'s duplicate count from now on, at 0 until a duplicate comes (a dashboard then shows
    /// 0 rather than no data).
    public func register(consumer: String) {
        duplicates(of: consumer).increment(by: 0)
    }

    private func duplicates(of consumer: String) -> Counter {
        Counter(label: Self.duplicatesName, dimensions: [("messaging.consumer.group.name", consumer)], factory: factory)
    }
}
