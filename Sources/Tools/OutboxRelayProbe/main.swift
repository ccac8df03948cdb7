// Runs the outbox relay against a database, publishing to an append-only file or to Kafka, for the
// crash tests (Tests/StorageTests/Outbox/OutboxRelayCrashTests.swift,
// Tests/MessagingTests/Outbox/KafkaOutboxRelayCrashTests.swift) and by hand:
//
//   DATABASE_URL=postgres://... PROBE_OUTPUT=/tmp/published.log swift run OutboxRelayProbe
//
// Environment: DATABASE_URL (required, postgres://...), PROBE_OUTPUT (file appended to, one
// "<aggregate> <event id>" line per publish, fsync'd before the publish returns),
// PROBE_PUBLISH_DELAY_MS (default 0), PROBE_BATCH_SIZE (default 100), PROBE_LEASE_MS (default 30000).
// PROBE_KAFKA_BROKERS (instead of PROBE_OUTPUT): publish through KafkaOutboxPublisher to these brokers.
import Foundation
import Kafka
import Logging
import Messaging
import ServiceLifecycle
import Storage
import TelemetryCore
import UnixSignals

let environment = EnvironmentReader(ProcessInfo.processInfo.environment)
let logger = Logger(label: "outbox-relay-probe")
let output = environment.string("PROBE_OUTPUT")
let brokers = environment.string("PROBE_KAFKA_BROKERS")
guard let url = environment.string("DATABASE_URL"), output != nil || brokers != nil else {
    FileHandle.standardError.write(Data("OutboxRelayProbe needs DATABASE_URL and PROBE_OUTPUT or PROBE_KAFKA_BROKERS\n".utf8))
    exit(2)
}
let settings = try PostgresSettings(url: url)
let delay = try environment.double("PROBE_PUBLISH_DELAY_MS", in: 0...10_000, default: 0)
var configuration = OutboxRelay<ContinuousClock>.Configuration()
configuration.batchSize = Int(try environment.double("PROBE_BATCH_SIZE", in: 1...10_000, default: 100))
configuration.lease = .milliseconds(Int(try environment.double("PROBE_LEASE_MS", in: 1...3_600_000, default: 30_000)))
configuration.pollInterval = .milliseconds(50)

let database = PostgresDatabase(settings: settings, logger: logger)
var services: [ServiceGroupConfiguration.ServiceConfiguration] = [.init(service: database)]
let publisher: any OutboxPublisher
if let brokers {
    let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: brokers, clientID: "outbox-relay-probe"), logger: logger)
    services.append(.init(service: producer))
    publisher = DelayedPublisher(inner: KafkaOutboxPublisher(producer: producer), delay: .milliseconds(delay))
} else {
    publisher = try FilePublisher(path: output ?? "", delay: .milliseconds(delay))
}
let relay = OutboxRelay(database: database, publisher: publisher, configuration: configuration, logger: logger)
services.append(.init(service: MigrationService(database: database), successTerminationBehavior: .ignore))
services.append(.init(service: relay))
let group = ServiceGroup(
    configuration: .init(
        services: services,
        gracefulShutdownSignals: [.sigterm, .sigint],
        logger: logger
    )
)
try await group.run()
