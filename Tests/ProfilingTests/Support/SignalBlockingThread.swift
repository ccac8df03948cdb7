import Foundation
import Synchronization

/// A plain thread that blocks SIGPROF and sleeps until stopped: a thread a dump cannot reach.
final class SignalBlockingThread: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let id = Atomic<Int32>(0)

    /// Starts the thread and waits (at most 10 s) until it has blocked SIGPROF.
    init() {
        let thread = Thread { [self] in
            var signals = sigset_t()
            sigemptyset(&signals)
            sigaddset(&signals, SIGPROF)
            pthread_sigmask(SIG_BLOCK, &signals, nil)
            let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
            id.store(Int32(link.split(separator: "/").last ?? "") ?? -1, ordering: .releasing)
            while !stopped.load(ordering: .relaxed) { usleep(1000) }
            // A dump's SIGPROF is still pending: it arrives now, and the handler ignores it.
            pthread_sigmask(SIG_UNBLOCK, &signals, nil)
            finished.store(true, ordering: .releasing)
        }
        thread.start()
        let deadline = ContinuousClock.now + .seconds(10)
        while id.load(ordering: .acquiring) == 0 && ContinuousClock.now < deadline { usleep(1000) }
    }

    /// The thread's kernel id once it has blocked SIGPROF, nil if it did not start.
    var threadID: Int32? {
        let value = id.load(ordering: .acquiring)
        return value > 0 ? value : nil
    }

    /// Stops the thread and waits (at most 10 s) until it has unblocked SIGPROF and finished.
    func stop() {
        stopped.store(true, ordering: .relaxed)
        let deadline = ContinuousClock.now + .seconds(10)
        while !finished.load(ordering: .acquiring) && ContinuousClock.now < deadline { usleep(1000) }
    }
}
