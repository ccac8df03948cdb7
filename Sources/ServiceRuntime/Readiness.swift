import Synchronization
import TaskTracking

/// A dependency `/readyz` asks about (a database, a Kafka client): true when it can serve.
public struct ReadinessCheck: Sendable {
    /// The name reported when the check fails.
    public var name: String
    /// The probe; it should answer quickly (the runtime bounds it to one second).
    public var probe: @Sendable () async -> Bool

    /// Creates a named check.
    public init(name: String, probe: @escaping @Sendable () async -> Bool) {
        self.name = name
        self.probe = probe
    }
}

/// The readiness of the process: the registered checks, and whether shutdown has begun.
public final class Readiness: Sendable {
    /// What `/readyz` answers.
    public enum State: Sendable, Equatable {
        /// Every check passed.
        case ready
        /// These checks failed.
        case failing([String])
        /// Shutdown has begun; load balancers should stop sending traffic.
        case shuttingDown
    }

    let checks: Mutex<[ReadinessCheck]>
    let shuttingDown = Atomic<Bool>(false)
    let wasReady = Atomic<Bool>(true)
    let unreadyObserver = Mutex<(@Sendable ([String]) -> Void)?>(nil)

    /// Creates readiness with initial checks.
    public init(checks: [ReadinessCheck] = []) {
        self.checks = Mutex(checks)
    }

    /// Adds a check (e.g. when a client connects).
    public func register(_ check: ReadinessCheck) {
        checks.withLock { $0.append(check) }
    }

    /// Marks the process as shutting down: `/readyz` answers 503 from now on.
    public func beginShutdown() {
        shuttingDown.store(true, ordering: .releasing)
    }

    /// Whether shutdown has begun.
    public var isShuttingDown: Bool { shuttingDown.load(ordering: .acquiring) }

    /// Runs the checks concurrently, each bounded to one second.
    public func evaluate() async -> State {
        if isShuttingDown { return .shuttingDown }
        let checks = checks.withLock { $0 }
        let deadline = ContinuousClock.now.advanced(by: .seconds(2))
        let failing = await withTaskGroup(of: String?.self) { group in
            for check in checks {
                group.addTrackedTask("readiness.check", deadline: deadline) {
                    let passed = await withTaskGroup(of: Bool?.self) { race in
                        race.addTrackedTask("readiness.probe", deadline: deadline) { await check.probe() }
                        race.addTrackedTask("readiness.timeout", deadline: deadline) { try? await Task.sleep(for: .seconds(1)); return nil }
                        let first = await race.next() ?? nil
                        race.cancelAll()
                        return first ?? false
                    }
                    return passed ? nil : check.name
                }
            }
            var failing: [String] = []
            for await name in group { if let name { failing.append(name) } }
            return failing.sorted()
        }
        if isShuttingDown { return .shuttingDown }
        // Ready -> failing is an incident (the flight recorder dumps); shutting down is not.
        let ready = failing.isEmpty
        if wasReady.exchange(ready, ordering: .acquiringAndReleasing), !ready {
            unreadyObserver.withLock { $0 }?(failing)
        }
        return ready ? .ready : .failing(failing)
    }

    /// Calls `observer` with the failing checks whenever an evaluation turns from ready to failing.
    package func onTurningUnready(_ observer: @escaping @Sendable ([String]) -> Void) {
        unreadyObserver.withLock { $0 = observer }
    }
}
