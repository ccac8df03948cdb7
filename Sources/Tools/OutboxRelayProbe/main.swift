// Runs the outbox relay against a database, publishing to an append-only file, for the crash test
// (Tests/StorageTests/Outbox/OutboxRelayCrashTests.swift) and by hand:
//
//   DATABASE_URL=postgres://... PROBE_OUTPUT=/tmp/published.log swift run OutboxRelayProbe
//
// Environment: DATABASE_URL (required, postgres://...), PROBE_OUTPUT (file appended to, one
// "<aggregate> <event id>" line per publish, fsync'd before the publish returns),
// PROBE_PUBLISH_DELAY_MS (default 0), PROBE_BATCH_SIZE (default 100), PROBE_LEASE_MS (default 30000).
// The publisher is the seam: a Kafka publisher replaces FilePublisher for the real thing.
import Foundation
import Logging
import ServiceLifecycle
import Storage
import TelemetryCore
import UnixSignals

let environment = EnvironmentReader(ProcessInfo.processInfo.environment)
let logger = Logger(label: "outbox-relay-probe")
guard let url = environment.string("DATABASE_URL"), let output = environment.string("PROBE_OUTPUT") else {
    FileHandle.standardError.write(Data("OutboxRelayProbe needs DATABASE_URL and PROBE_OUTPUT\n".utf8))
    exit(2)
}
let settings = try PostgresSettings(url: url)
let delay = try environment.double("PROBE_PUBLISH_DELAY_MS", in: 0...10_000, default: 0)
var configuration = OutboxRelay<ContinuousClock>.Configuration()
configuration.batchSize = Int(try environment.double("PROBE_BATCH_SIZE", in: 1...10_000, default: 100))
configuration.lease = .milliseconds(Int(try environment.double("PROBE_LEASE_MS", in: 1...3_600_000, default: 30_000)))
configuration.pollInterval = .milliseconds(50)

let database = PostgresDatabase(settings: settings, logger: logger)
let publisher = try FilePublisher(path: output, delay: .milliseconds(delay))
let relay = OutboxRelay(database: database, publisher: publisher, configuration: configuration, logger: logger)
let migrate = MigrationService(database: database)
let group = ServiceGroup(
    configuration: .init(
        services: [
            .init(service: database),
            .init(service: migrate, successTerminationBehavior: .ignore),
            .init(service: relay),
        ],
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
)
try await group.run()
