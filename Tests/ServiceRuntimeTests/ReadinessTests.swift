@testable import ServiceRuntime
import Synchronization
import Testing

@Suite struct ReadinessTests {
    final class Healthy: Sendable {
        let value = Atomic<Bool>(true)
    }

    final class Seen<Value: Sendable>: Sendable {
        let values = Mutex<[Value]>([])
    }

    @Test func evaluate_turningFromReadyToFailing_tellsTheObserverOnce() async {
        let healthy = Healthy()
        let readiness = Readiness(checks: [ReadinessCheck(name: "db") { healthy.value.load(ordering: .relaxed) }])
        let seen = Seen<[String]>()
        readiness.onTurningUnready { failing in seen.values.withLock { $0.append(failing) } }
        #expect(await readiness.evaluate() == .ready)
        healthy.value.store(false, ordering: .relaxed)
        #expect(await readiness.evaluate() == .failing(["db"]))
        #expect(await readiness.evaluate() == .failing(["db"]))
        #expect(seen.values.withLock { $0 } == [["db"]])
        healthy.value.store(true, ordering: .relaxed)
        #expect(await readiness.evaluate() == .ready)
        healthy.value.store(false, ordering: .relaxed)
        _ = await readiness.evaluate()
        #expect(seen.values.withLock { $0 }.count == 2)
    }

    @Test func evaluate_shuttingDown_isNotAnIncident() async {
        let readiness = Readiness()
        let seen = Seen<[String]>()
        readiness.onTurningUnready { failing in seen.values.withLock { $0.append(failing) } }
        readiness.beginShutdown()
        #expect(await readiness.evaluate() == .shuttingDown)
        #expect(seen.values.withLock { $0 }.isEmpty)
    }
}
