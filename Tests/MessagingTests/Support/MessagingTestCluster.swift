import Kafka
import Logging
import ServiceLifecycle
import Synchronization
import Testing

/// One mock cluster for the whole test target; each test uses its own topics and groups.
enum MessagingTestCluster {
    static let shared: KafkaMockCluster = {
        do { return try KafkaMockCluster() } catch { fatalError("mock cluster: \(error)") }
    }()

    private static let counter = Atomic<Int>(0)

    /// A fresh topic (and its `.dlq`).
    static func uniqueTopic(_ prefix: String) throws -> String {
        let name = "\(prefix)-\(counter.add(1, ordering: .relaxed).newValue)-\(UInt32.random(in: 0...UInt32.max))"
        try shared.createTopic(name, partitions: 1)
        try shared.createTopic(name + ".dlq", partitions: 1)
        return name
    }

    static var configuration: KafkaConfiguration {
        KafkaConfiguration(
            brokers: shared.bootstrapServers,
            clientID: "messaging-tests",
            properties: ["topic.metadata.refresh.interval.ms": "1000", "session.timeout.ms": "6000", "heartbeat.interval.ms": "500"]
        )
    }
}

/// Runs `services` in a `ServiceGroup` around `body`, then shuts them down gracefully.
@discardableResult
func withRunning<Result: Sendable>(_ services: [any Service], _ body: () async throws -> Result) async throws -> Result {
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            logger: Logger(label: "messaging-tests")
        )
    )
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` every 20 ms until it holds; fails after `seconds` (the mock's group join takes ~3 s).
func eventually(_ what: String, within seconds: Int = 30, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(seconds)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(20))
    }
    throw TimedOut(description: "timed out after \(seconds) s waiting for \(what)")
}

/// Thread-safe list of what handlers saw.
final class Recorded<Element: Sendable>: Sendable {
    private let items = Mutex<[Element]>([])

    func append(_ element: Element) { items.withLock { $0.append(element) } }
    var all: [Element] { items.withLock { $0 } }
    var count: Int { items.withLock { $0.count } }
}
