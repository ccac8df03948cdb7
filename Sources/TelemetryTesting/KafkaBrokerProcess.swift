import Foundation

/// The package's `kafka-mock-broker` (librdkafka's mock cluster in a process of its own) started for a
/// test: several service processes share it through `KAFKA_BROKERS`.
package final class KafkaBrokerProcess: Sendable {
    /// The broker process.
    package let process: ServiceProcess
    /// `host:port` for `KAFKA_BROKERS`.
    package let bootstrapServers: String

    /// Starts the broker with `topics` (name and partition count) created up front and waits for its address.
    package init(topics: [(name: String, partitions: Int)] = [], timeout: Duration = .seconds(30)) async throws {
        let arguments = topics.flatMap { ["--topic", "\($0.name):\($0.partitions)"] }
        let process = try ServiceProcess(binary: "kafka-mock-broker", environment: [:], arguments: arguments)
        self.process = process
        bootstrapServers = try await poll(timeout: timeout, what: "kafka-mock-broker's bootstrap= line") {
            process.lines.first { $0.hasPrefix("bootstrap=") }.map { String($0.dropFirst("bootstrap=".count)) }
        }
    }

    /// Stops the broker (SIGTERM) and waits for it to exit.
    package func stop() async throws {
        guard process.isRunning else { return }
        process.signal(SIGTERM)
        _ = try await process.waitForExit(timeout: .seconds(10))
    }
}
