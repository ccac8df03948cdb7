import Logging
import MetricsTestKit
import Synchronization
import Testing

@testable import Resilience

@Suite struct RetrierTests {
    struct Transient: Error {}
    struct Permanent: Error {}

    let clock = RecordingClock()
    let metrics = TestMetrics()

    func makeRetrier(attempts: Int = 3, unit: Double = 1) -> Retrier<RecordingClock> {
        var policy = RetryPolicy()
        policy.maximumAttempts = attempts
        policy.initialBackoff = .milliseconds(100)
        policy.maximumBackoff = .milliseconds(300)
        return Retrier(
            dependency: "pricing", policy: policy, clock: clock, metricsFactory: metrics,
            logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, random: { unit }
        )
    }

    func retries(_ outcome: String) throws -> Int64 {
        try metrics.expectCounter(Retrier<RecordingClock>.retriesMetric, [("dependency", "pricing"), ("outcome", outcome)]).totalValue
    }

    @Test func run_transientThenSuccess_retriesAndCountsSuccess() async throws {
        let calls = Mutex(0)
        let value = try await makeRetrier().run(isTransient: { $0 is Transient }) { attempt in
            calls.withLock { $0 += 1 }
            if attempt < 3 { throw Transient() }
            return attempt
        }
        #expect(value == 3)
        #expect(calls.withLock { $0 } == 3)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200)])
        #expect(try retries("success") == 1)
        #expect(try retries("failure") == 1)
    }

    @Test func run_permanentError_isNotRetried() async throws {
        let calls = Mutex(0)
        await #expect(throws: Permanent.self) {
            try await makeRetrier().run(isTransient: { $0 is Transient }) { _ -> Int in
                calls.withLock { $0 += 1 }
                throw Permanent()
            }
        }
        #expect(calls.withLock { $0 } == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func run_alwaysTransient_stopsAfterMaximumAttempts() async throws {
        let calls = Mutex(0)
        await #expect(throws: Transient.self) {
            try await makeRetrier(attempts: 4).run(isTransient: { $0 is Transient }) { _ -> Int in
                calls.withLock { $0 += 1 }
                throw Transient()
            }
        }
        #expect(calls.withLock { $0 } == 4)
        #expect(clock.sleeps == [.milliseconds(100), .milliseconds(200), .milliseconds(300)])
        #expect(try retries("failure") == 3)
    }

    @Test func run_backoffWouldPassDeadline_givesUpWithoutSleeping() async throws {
        let deadline = clock.now.advanced(by: .milliseconds(150))
        let calls = Mutex(0)
        await #expect(throws: Transient.self) {
            try await makeRetrier(attempts: 5).run(deadline: deadline, isTransient: { $0 is Transient }) { _ -> Int in
                calls.withLock { $0 += 1 }
                throw Transient()
            }
        }
        #expect(calls.withLock { $0 } == 2)
        #expect(clock.sleeps == [.milliseconds(100)])
    }

    @Test func run_fullJitter_waitsAFractionOfTheCeiling() async throws {
        _ = try? await makeRetrier(attempts: 3, unit: 0.25).run(isTransient: { _ in true }) { _ -> Int in throw Transient() }
        #expect(clock.sleeps == [.milliseconds(25), .milliseconds(50)])
    }

    @Test func ceiling_growsExponentiallyUpToMaximum() {
        var policy = RetryPolicy()
        policy.initialBackoff = .milliseconds(10)
        policy.maximumBackoff = .milliseconds(50)
        #expect((1...5).map { policy.ceiling(beforeRetry: $0) } == [.milliseconds(10), .milliseconds(20), .milliseconds(40), .milliseconds(50), .milliseconds(50)])
        #expect(policy.backoff(beforeRetry: 2, unit: 0) == .zero)
    }
}
