import Logging
import MetricsTestKit
import Synchronization
import Testing

@testable import Resilience

@Suite struct CircuitBreakerTests {
    final class OpenCount: Sendable {
        let count = Mutex(0)
    }

    struct Failure: Error {}

    let clock = RecordingClock()
    let metrics = TestMetrics()
    let opened = OpenCount()

    func makeBreaker(_ adjust: (inout CircuitBreakerConfiguration) -> Void = { _ in }) -> CircuitBreaker<RecordingClock> {
        var configuration = CircuitBreakerConfiguration()
        configuration.openTimeout = .seconds(5)
        adjust(&configuration)
        let opened = opened
        return CircuitBreaker(
            dependency: "pricing", configuration: configuration, clock: clock, metricsFactory: metrics,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, onOpen: { _ in opened.count.withLock { $0 += 1 } }
        )
    }

    func call(_ breaker: CircuitBreaker<RecordingClock>, failing: Bool) throws(CircuitBreakerError) {
        let permit = try breaker.acquire()
        breaker.record(permit, failing ? .failure : .success)
    }

    func gaugeValue() throws -> Double? {
        try metrics.expectGauge(CircuitBreaker<RecordingClock>.stateMetric, [("dependency", "pricing")]).lastValue
    }

    @Test func breaker_fewerThanTenCalls_staysClosedEvenIfAllFail() throws {
        let breaker = makeBreaker()
        for _ in 0..<9 { try call(breaker, failing: true) }
        #expect(breaker.currentState == .closed)
        #expect(opened.count.withLock { $0 } == 0)
    }

    @Test func breaker_tenCallsHalfFailing_opensFiresHookAndSetsGauge() throws {
        let breaker = makeBreaker()
        #expect(try gaugeValue() == 0)
        for index in 0..<10 { try call(breaker, failing: index % 2 == 0) }
        #expect(breaker.currentState == .open)
        #expect(opened.count.withLock { $0 } == 1)
        #expect(try gaugeValue() == 2)
    }

    @Test func breaker_tenCallsUnderHalfFailing_staysClosed() throws {
        let breaker = makeBreaker()
        for index in 0..<10 { try call(breaker, failing: index < 4) }
        #expect(breaker.currentState == .closed)
    }

    @Test func breaker_open_refusesCallsUntilTimeout() throws {
        let breaker = makeBreaker()
        for _ in 0..<10 { try call(breaker, failing: true) }
        #expect(throws: CircuitBreakerError.self) { _ = try breaker.acquire() }
        clock.advance(by: .seconds(4))
        let error = #expect(throws: CircuitBreakerError.self) { _ = try breaker.acquire() }
        #expect(error?.code == .open)
        #expect(error?.dependency == "pricing")
    }

    @Test func breaker_afterTimeout_admitsOneProbeAndClosesOnSuccess() throws {
        let breaker = makeBreaker()
        for _ in 0..<10 { try call(breaker, failing: true) }
        clock.advance(by: .seconds(5))
        #expect(breaker.currentState == .halfOpen)
        let probe = try breaker.acquire()
        #expect(try gaugeValue() == 1)
        let second = #expect(throws: CircuitBreakerError.self) { _ = try breaker.acquire() }
        #expect(second?.code == .probesInFlight)
        breaker.record(probe, .success)
        #expect(breaker.currentState == .closed)
        #expect(try gaugeValue() == 0)
        #expect(try breaker.acquire().isProbe == false)
    }

    @Test func breaker_probeFails_reopensForAnotherTimeout() throws {
        let breaker = makeBreaker()
        for _ in 0..<10 { try call(breaker, failing: true) }
        clock.advance(by: .seconds(5))
        try call(breaker, failing: true)
        #expect(breaker.currentState == .open)
        #expect(opened.count.withLock { $0 } == 2)
        clock.advance(by: .seconds(4))
        #expect(throws: CircuitBreakerError.self) { _ = try breaker.acquire() }
        clock.advance(by: .seconds(1))
        #expect(breaker.currentState == .halfOpen)
    }

    @Test func breaker_severalProbes_closesOnlyAfterAllSucceed() throws {
        let breaker = makeBreaker { $0.probes = 2 }
        for _ in 0..<10 { try call(breaker, failing: true) }
        clock.advance(by: .seconds(5))
        let first = try breaker.acquire()
        let second = try breaker.acquire()
        breaker.record(first, .success)
        #expect(breaker.currentState == .halfOpen)
        breaker.record(second, .success)
        #expect(breaker.currentState == .closed)
    }

    @Test func breaker_cancelledProbe_freesItsSlotWithoutDeciding() throws {
        let breaker = makeBreaker()
        for _ in 0..<10 { try call(breaker, failing: true) }
        clock.advance(by: .seconds(5))
        breaker.record(try breaker.acquire(), .ignored)
        #expect(breaker.currentState == .halfOpen)
        try call(breaker, failing: false)
        #expect(breaker.currentState == .closed)
    }

    @Test func breaker_failuresOutsideTheWindow_areForgotten() throws {
        let breaker = makeBreaker()
        for _ in 0..<9 { try call(breaker, failing: true) }
        clock.advance(by: .seconds(11))
        try call(breaker, failing: true)
        #expect(breaker.currentState == .closed)
    }

    @Test func breaker_outcomeOfCallAdmittedBeforeOpening_isNotCounted() throws {
        let breaker = makeBreaker()
        let late = try breaker.acquire()
        for _ in 0..<10 { try call(breaker, failing: true) }
        clock.advance(by: .seconds(5))
        let probe = try breaker.acquire()
        breaker.record(late, .success)
        #expect(breaker.currentState == .halfOpen)
        breaker.record(probe, .success)
        #expect(breaker.currentState == .closed)
    }

    @Test func run_errorClassifiedAsCallerMistake_countsAsSuccess() async throws {
        let breaker = makeBreaker()
        for _ in 0..<20 {
            await #expect(throws: Failure.self) {
                try await breaker.run(isFailure: { _ in false }) { () async throws -> Int in throw Failure() }
            }
        }
        #expect(breaker.currentState == .closed)
        for _ in 0..<20 {
            _ = try? await breaker.run(isFailure: { _ in true }) { () async throws -> Int in throw Failure() }
        }
        #expect(breaker.currentState == .open)
    }
}
