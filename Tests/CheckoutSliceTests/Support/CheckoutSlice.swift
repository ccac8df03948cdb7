import AsyncHTTPClient
import Foundation
import TelemetryTesting

/// The checkout slice as real processes: one `kafka-mock-broker` with the saga topics, and the six
/// service binaries, each on four free ports of its own, with its own database (SQLite in a fresh
/// directory, or the PostgreSQL database given) and OTLP export to the receiver scripts/test.sh started.
final class CheckoutSlice {
    static let services = ["catalog", "pricing", "inventory", "payment", "order", "checkout"]
    static let topics = [
        "checkout.order.created", "inventory.reserved", "inventory.reservation.failed", "inventory.release",
        "inventory.released", "payment.completed", "payment.failed", "payment.refunded", "order.confirmed",
        "order.failed", "notification.requested", "price.updated",
    ]

    let broker: KafkaBrokerProcess
    let ports: [String: ServiceProcess.Ports]
    let dataDirectory: URL
    /// `DATABASE_URL` of the services on PostgreSQL.
    let databaseURLs: [String: String]
    private let environments: [String: [String: String]]
    private(set) var processes: [String: ServiceProcess] = [:]

    /// Starts the broker and every service and waits until each `/readyz` answers 200.
    /// - Parameters:
    ///   - databaseURLs: `DATABASE_URL` per service; SQLite under ``dataDirectory`` for the others.
    ///   - extra: more variables per service (e.g. `PAYMENT_GATEWAY_LATENCY_MS` for payment).
    init(receiver: ReceivedSpans.Environment, databaseURLs: [String: String] = [:], extra: [String: [String: String]] = [:]) async throws {
        broker = try await KafkaBrokerProcess(topics: Self.topics.flatMap { [(name: $0, partitions: 4), (name: $0 + ".dlq", partitions: 1)] })
        dataDirectory = FileManager.default.temporaryDirectory.appendingPathComponent("checkout-slice-\(UInt32.random(in: 0...UInt32.max))")
        self.databaseURLs = databaseURLs
        var ports: [String: ServiceProcess.Ports] = [:]
        for name in Self.services { ports[name] = try .free() }
        self.ports = ports
        var environments: [String: [String: String]] = [:]
        for name in Self.services {
            let directory = dataDirectory.appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            var environment = ports[name]!.environment.merging([
                "OTEL_SERVICE_NAME": name, "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.httpEndpoint, "OTEL_BSP_SCHEDULE_DELAY": "100",
                "DATA_DIR": directory.path, "KAFKA_BROKERS": broker.bootstrapServers, "DATABASE_URL": databaseURLs[name] ?? "",
                // The mock broker holds each fetch for the whole wait: keep hops fast.
                "KAFKA_FETCH_WAIT_MAX_MS": "10",
            ]) { _, new in new }
            if name == "checkout" {
                environment["PRICING_GRPC_TARGET"] = "127.0.0.1:\(ports["pricing"]!.grpc)"
                environment["INVENTORY_GRPC_TARGET"] = "127.0.0.1:\(ports["inventory"]!.grpc)"
                // Seven processes and the test suite share two cores: deadlines far above a call's time.
                environment["CHECKOUT_REQUEST_TIMEOUT_MS"] = "20000"
                environment["CHECKOUT_ATTEMPT_TIMEOUT_MS"] = "10000"
            }
            environment.merge(extra[name] ?? [:]) { _, new in new }
            environments[name] = environment
        }
        self.environments = environments
        do {
            for name in Self.services { try start(name) }
            for name in Self.services { try await waitUntilReady(name) }
        } catch {
            await stop()
            throw error
        }
    }

    /// Starts (or starts again) service `name` with its environment and ports.
    func start(_ name: String) throws {
        processes[name] = try ServiceProcess(binary: name, environment: environments[name]!)
    }

    /// Waits until `name`'s `/readyz` answers 200; fails early, with its stderr, when the process exits.
    func waitUntilReady(_ name: String, timeout: Duration = .seconds(120)) async throws {
        let process = processes[name]!
        let url = "http://127.0.0.1:\(ports[name]!.metrics)/readyz"
        _ = try await poll(timeout: timeout, what: "\(name) to be ready") { () async throws -> Bool? in
            guard process.isRunning else {
                throw SliceError(description: "\(name) exited with \(process.process.terminationStatus): \(process.standardError.suffix(2000)) \(process.lines.suffix(10))")
            }
            let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: .seconds(2))
            return response?.status == .ok ? true : nil
        }
    }

    /// Kills `name` with `signal` (SIGKILL: a crash) and waits for it to be gone.
    func kill(_ name: String, signal: Int32 = SIGKILL) async throws {
        let process = processes[name]!
        process.signal(signal)
        _ = try await process.waitForExit(timeout: .seconds(30))
    }

    /// `http://127.0.0.1:<port>` of `name`'s public API.
    func url(_ name: String) -> String { "http://127.0.0.1:\(ports[name]!.http)" }

    /// Stops every service gracefully (checkout first), then the broker, and removes the SQLite files.
    /// Returns the exit statuses of the services that were running.
    @discardableResult
    func stop() async -> [String: Int32] {
        var statuses: [String: Int32] = [:]
        for name in Self.services.reversed() {
            guard let process = processes[name], process.isRunning else { continue }
            process.signal(SIGTERM)
            statuses[name] = (try? await process.waitForExit(timeout: .seconds(30))) ?? -1
        }
        try? await broker.stop()
        try? FileManager.default.removeItem(at: dataDirectory)
        return statuses
    }

    /// The last log lines of every service, for a failure message.
    var logTails: String {
        var text = ""
        for name in Self.services {
            let lines = processes[name]?.lines.suffix(8).joined(separator: "\n") ?? ""
            let errors = String(processes[name]?.standardError.suffix(1000) ?? "")
            text += "--- \(name)\n\(lines)\n\(errors)\n"
        }
        return text
    }
}

/// The slice did not come up as expected.
struct SliceError: Error, CustomStringConvertible {
    var description: String
}
