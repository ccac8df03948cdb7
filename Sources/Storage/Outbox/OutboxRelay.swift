public import CoreMetrics
public import Logging
public import ServiceLifecycle
import TelemetryCore
public import Tracing

/// Publishes pending outbox rows through an ``OutboxPublisher`` and marks them sent; run one per
/// replica (see ``OutboxQueries`` for the ordering and delivery guarantees).
///
/// Each publish runs in a span that continues the trace stored in the row, so the message leaves
/// with the trace of the request that caused it.
///
/// ```swift
/// let relay = OutboxRelay(database: database, publisher: kafkaPublisher, logger: logger)
/// // ServiceGroup(services: [database, relay, ...])
/// ```
public struct OutboxRelay<RelayClock: Clock>: Service where RelayClock.Duration == Duration {
    /// Batch size, polling and leases.
    public struct Configuration: Sendable {
        /// Most rows claimed per round.
        public var batchSize: Int = 100
        /// Pause when a round found less than a full batch.
        public var pollInterval: Duration = .milliseconds(200)
        /// How long claimed rows stay reserved for this relay; longer than any batch's publishing.
        public var lease: Duration = .seconds(30)
        /// How long an aggregate waits after a failed publish before it is tried again.
        public var retryDelay: Duration = .seconds(1)

        /// The defaults.
        public init() {}
    }

    let database: any Database
    let publisher: any OutboxPublisher
    let configuration: Configuration
    let clock: RelayClock
    let tracer: any Tracer
    let logger: Logger
    let metrics: OutboxMetrics
    let wakeUp: OutboxWakeUp?
    /// This relay's name in `locked_by`.
    public let relayID: String

    /// Creates a relay.
    public init(
        database: any Database,
        publisher: any OutboxPublisher,
        configuration: Configuration = Configuration(),
        clock: RelayClock,
        logger: Logger,
        relayID: String = "relay-\(UInt64.random(in: 0...UInt64.max))",
        tracer: any Tracer = InstrumentationSystem.tracer,
        metricsFactory: any MetricsFactory = MetricsSystem.factory,
        wakeUp: OutboxWakeUp? = nil
    ) {
        precondition(configuration.batchSize > 0, "batchSize must be positive")
        self.wakeUp = wakeUp
        self.database = database
        self.publisher = publisher
        self.configuration = configuration
        self.clock = clock
        self.logger = logger
        self.relayID = relayID
        self.tracer = tracer
        self.metrics = OutboxMetrics(factory: metricsFactory)
    }

    /// Relays rounds until graceful shutdown or cancellation; database errors are logged and retried.
    public func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            var fullBatch = false
            do {
                fullBatch = try await relayBatch() == configuration.batchSize
            } catch let error as DatabaseError where error.code == .closed {
                return
            } catch {
                logger.warning("outbox relay round failed", metadata: ["error": "\(error)"])
            }
            if !fullBatch {
                do {
                    try await cancelWhenGracefulShutdown { try await self.idle() }
                } catch {
                    return
                }
            }
        }
    }

    /// Waits for the poll interval, or less when ``wakeUp`` signals new rows of this process first.
    private func idle() async throws {
        let (clock, interval) = (clock, configuration.pollInterval)
        guard let wakeUp else { return try await clock.sleep(for: interval) }
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await clock.sleep(for: interval) }
            group.addTask { await wakeUp.wait() }
            defer { group.cancelAll() }
            _ = try await group.next()
        }
    }

    /// One round: claim up to a batch, publish it in one publisher call (each row in a span continuing
    /// its stored trace), mark the rows sent in one statement (each aggregate's rows up to its first
    /// failure; the failed aggregates back off); returns the number of rows claimed.
    @discardableResult
    public func relayBatch() async throws -> Int {
        let claimed = try await claim()
        if !claimed.isEmpty { try await publish(claimed) }
        let pending = try await database.query(OutboxQueries.backlog).first?.integer("pending") ?? 0
        metrics.backlog.record(Double(pending))
        return claimed.count
    }

    private func claim() async throws -> [ClaimedMessage] {
        let dialect = database.dialect
        let batchSize = configuration.batchSize
        let relayID = relayID
        let leaseLength = configuration.lease.microseconds
        return try await database.withTransaction { tx in
            if dialect == .postgresql {
                try await tx.query("SELECT pg_advisory_xact_lock($1)", [.integer(OutboxQueries.claimLockKey)], summary: "SELECT pg_advisory_xact_lock")
            }
            let now = WallClock.nowMicroseconds()
            let rows = try await tx.query(OutboxQueries.selectClaimable(dialect: dialect, now: now, limit: batchSize))
            guard !rows.isEmpty else { return [] }
            var claimed: [ClaimedMessage] = []
            for row in rows {
                guard let seq = try row.integer("seq") else { continue }
                var message = try OutboxMessage(row: row)
                message.attempts += 1
                claimed.append(ClaimedMessage(seq: seq, message: message))
            }
            try await tx.query(OutboxQueries.lease(seqs: claimed.map(\.seq), relayID: relayID, until: now + leaseLength))
            return claimed
        }
    }
}

extension OutboxRelay where RelayClock == ContinuousClock {
    /// Creates a relay polling on the continuous clock.
    public init(
        database: any Database, publisher: any OutboxPublisher, configuration: Configuration = Configuration(), logger: Logger,
        tracer: any Tracer = InstrumentationSystem.tracer, metricsFactory: any MetricsFactory = MetricsSystem.factory,
        wakeUp: OutboxWakeUp? = nil
    ) {
        self.init(
            database: database, publisher: publisher, configuration: configuration, clock: ContinuousClock(), logger: logger,
            tracer: tracer, metricsFactory: metricsFactory, wakeUp: wakeUp
        )
    }
}
