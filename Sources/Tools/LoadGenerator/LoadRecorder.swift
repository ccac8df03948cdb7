import Synchronization

/// What happened to the checkouts this run sent: counts, latencies, and the orders still waiting for
/// their `order.confirmed` / `order.failed`, matched by order id. Shared by the senders and the Kafka
/// listener; every method takes one short lock.
final class LoadRecorder: Sendable {
    /// How a saga ended.
    enum Outcome: Sendable {
        case confirmed
        case failed(reason: String)
    }

    struct State {
        var measuring = false
        var sent = 0
        var accepted = 0
        var errors: [String: Int] = [:]
        var post = LatencyHistogram()
        var toConfirmed = LatencyHistogram()
        var toFailed = LatencyHistogram()
        var confirmed = 0
        var failed = 0
        /// Accepted orders waiting for their outcome: when their POST started, and whether they count.
        var pending: [String: (start: ContinuousClock.Instant, measured: Bool)] = [:]
        /// Outcomes that arrived before the POST's answer was read (or for orders this run did not send).
        var early: [String: (at: ContinuousClock.Instant, outcome: Outcome)] = [:]
        /// Warm-up orders whose outcome arrived.
        var warmUpCompleted = 0
    }

    private let state = Mutex(State())

    /// Starts counting: everything before is warm-up.
    func startMeasuring() {
        state.withLock { $0.measuring = true }
    }

    /// Whether a warm-up saga has completed (the listener is assigned its partitions and the slice works).
    var warmUpCompleted: Int { state.withLock { $0.warmUpCompleted } }

    /// A POST is about to start; returns whether it counts.
    func sending() -> Bool {
        state.withLock { state in
            if state.measuring { state.sent += 1 }
            return state.measuring
        }
    }

    /// A POST was answered 202 with `orderID`, `latency` after `start`.
    func accepted(orderID: String, start: ContinuousClock.Instant, latency: Duration, measured: Bool) {
        state.withLock { state in
            if measured {
                state.accepted += 1
                state.post.record(latency)
            }
            if let early = state.early.removeValue(forKey: orderID) {
                Self.complete(&state, start: start, measured: measured, at: early.at, outcome: early.outcome)
            } else {
                state.pending[orderID] = (start, measured)
            }
        }
    }

    /// A POST failed; `kind` is e.g. `http 503`, `timeout`, `transport`.
    func failed(kind: String, latency: Duration?, measured: Bool) {
        guard measured else { return }
        state.withLock { state in
            state.errors[kind, default: 0] += 1
            if let latency { state.post.record(latency) }
        }
    }

    /// The client had too many requests in flight to start another one on time.
    func dropped() {
        state.withLock { $0.errors["dropped (client in-flight limit)", default: 0] += 1 }
    }

    /// The listener saw the saga of `orderID` end at `at`.
    func completed(orderID: String, at: ContinuousClock.Instant, outcome: Outcome) {
        state.withLock { state in
            if let pending = state.pending.removeValue(forKey: orderID) {
                Self.complete(&state, start: pending.start, measured: pending.measured, at: at, outcome: outcome)
            } else if state.early.count < 100_000 {
                state.early[orderID] = (at, outcome)
            }
        }
    }

    private static func complete(_ state: inout State, start: ContinuousClock.Instant, measured: Bool, at: ContinuousClock.Instant, outcome: Outcome) {
        guard measured else {
            state.warmUpCompleted += 1
            return
        }
        switch outcome {
        case .confirmed:
            state.confirmed += 1
            state.toConfirmed.record(at - start)
        case .failed(let reason):
            state.failed += 1
            state.toFailed.record(at - start)
            state.errors["saga failed (\(reason))", default: 0] += 1
        }
    }

    /// Forgets early outcomes older than `age` (events of orders another client sent).
    func forgetEarly(olderThan age: Duration, now: ContinuousClock.Instant) {
        state.withLock { state in state.early = state.early.filter { now - $0.value.at < age } }
    }

    /// Measured orders still waiting for their outcome.
    var pendingMeasured: Int { state.withLock { state in state.pending.values.count { $0.measured } } }

    /// Counts the measured orders that never completed as `saga timeout`.
    func closePending() {
        state.withLock { state in
            let stuck = state.pending.values.count { $0.measured }
            if stuck > 0 { state.errors["saga timeout", default: 0] += stuck }
            state.pending.removeAll()
        }
    }

    /// A copy of the counters and histograms.
    var snapshot: State { state.withLock { $0 } }
}
