public import CoreMetrics
public import Logging
public import ServiceLifecycle
import TelemetryCore

/// Deletes what the outbox and the inbox no longer need, so a service's database does not grow with
/// every event it ever sent or received: outbox rows sent longer ago than ``Configuration/sentOutbox``,
/// and inbox rows older than ``Configuration/inbox``. Deletes in bounded batches (short transactions),
/// once per ``Configuration/interval``; counts deleted rows in `storage.retention.deleted` (label `table`).
///
/// Keep the inbox longer than any redelivery can come: at least the retention of the topics its consumers read
/// (Kafka's default is 7 days). Older duplicates would be applied again.
public struct StorageRetention<RetentionClock: Clock>: Service where RetentionClock.Duration == Duration {
    /// How long rows are kept and how often the purge runs.
    public struct Configuration: Sendable, Equatable {
        /// How long a sent outbox row is kept (for inspection) before it is deleted.
        public var sentOutbox: Duration = .seconds(24 * 3600)
        /// How long an inbox row is kept: the window in which a redelivered event is recognised.
        public var inbox: Duration = .seconds(7 * 24 * 3600)
        /// Time between purges.
        public var interval: Duration = .seconds(60)
        /// Rows deleted per statement.
        public var batchSize = 1000

        /// The documented defaults.
        public init() {}
    }

    /// `storage.retention.deleted`; Prometheus shows `storage_retention_deleted_total`.
    public static var deletedMetric: String { "storage.retention.deleted" }

    let database: any Database
    let configuration: Configuration
    let clock: RetentionClock
    let logger: Logger
    let outboxDeleted: Counter
    let inboxDeleted: Counter

    /// Creates the purge of `database`'s outbox and inbox.
    public init(
        database: any Database, configuration: Configuration = Configuration(), clock: RetentionClock,
        logger: Logger, metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.database = database
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        outboxDeleted = Counter(label: Self.deletedMetric, dimensions: [("table", "outbox")], factory: metricsFactory)
        inboxDeleted = Counter(label: Self.deletedMetric, dimensions: [("table", "inbox")], factory: metricsFactory)
    }

    /// Purges once per interval until graceful shutdown or cancellation; a failed purge is logged and retried.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            do {
                try await purge()
            } catch let error as DatabaseError where error.code == .closed {
                return
            } catch {
                logger.warning("retention purge failed", metadata: ["error": "\(error)"])
            }
            do {
                try await cancelWhenGracefulShutdown { try await clock.sleep(for: configuration.interval) }
            } catch {
                return
            }
        }
    }

    /// Deletes every row past its retention at `now` (microseconds since the Unix epoch; nil: the wall clock's
    /// now), batch by batch.
    /// - Returns: The rows deleted from each table.
    @discardableResult
    public func purge(now: Int64? = nil) async throws -> (outbox: Int, inbox: Int) {
        let now = now ?? WallClock.nowMicroseconds()
        let outbox = try await deleteAll(
            """
            DELETE FROM outbox WHERE seq IN (
                SELECT seq FROM outbox WHERE sent_at IS NOT NULL AND sent_at < $1 ORDER BY seq LIMIT $2) RETURNING seq
            """,
            before: now - configuration.sentOutbox.microseconds, summary: "DELETE outbox", counter: outboxDeleted
        )
        let inbox = try await deleteAll(
            """
            DELETE FROM inbox WHERE (consumer, event_id) IN (
                SELECT consumer, event_id FROM inbox WHERE processed_at < $1 LIMIT $2) RETURNING event_id
            """,
            before: now - configuration.inbox.microseconds, summary: "DELETE inbox", counter: inboxDeleted
        )
        if outbox + inbox > 0 { logger.info("retention purge", metadata: ["outbox.deleted": "\(outbox)", "inbox.deleted": "\(inbox)"]) }
        return (outbox, inbox)
    }

    private func deleteAll(_ sql: String, before cutoff: Int64, summary: String, counter: Counter) async throws -> Int {
        var total = 0
        while !Task.isCancelled {
            let deleted = try await database.query(sql, [.integer(cutoff), .integer(Int64(configuration.batchSize))], summary: summary).count
            counter.increment(by: deleted)
            total += deleted
            if deleted < configuration.batchSize { break }
        }
        return total
    }
}
