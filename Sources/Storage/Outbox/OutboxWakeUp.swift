import Synchronization

/// Wakes an idle ``OutboxRelay`` as soon as its own process committed outbox rows, instead of at its next
/// poll: a message's trip through the outbox then costs a round, not half a poll interval on average.
///
/// ```swift
/// let wakeUp = OutboxWakeUp()
/// let store = OutboxStore(wakeUp: wakeUp)          // signals after each enqueueing transaction commits
/// let relay = OutboxRelay(database: db, publisher: p, logger: logger, wakeUp: wakeUp)
/// ```
///
/// Signals coalesce: any number of commits while the relay is busy wake it once. Rows committed by other
/// processes are still found by polling.
public final class OutboxWakeUp: Sendable {
    private struct State {
        var pending = false
        var waiter: CheckedContinuation<Void, Never>?
    }

    private let state = Mutex(State())

    /// A wake-up nobody has signalled yet.
    public init() {}

    /// Wakes the waiting relay, or the next one to wait.
    public func signal() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.pending = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Returns at the first signal since the last wait (at once when one is pending), or when cancelled.
    /// One waiter at a time: a wake-up belongs to one relay.
    func wait() async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let resumeNow = state.withLock { state -> Bool in
                    if state.pending || Task.isCancelled {
                        state.pending = false
                        return true
                    }
                    precondition(state.waiter == nil, "OutboxWakeUp has one waiter at a time (one relay per wake-up)")
                    state.waiter = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            state.withLock { state in defer { state.waiter = nil }; return state.waiter }?.resume()
        }
    }
}
