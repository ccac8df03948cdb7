import Foundation
import Profiling
import Synchronization

/// A plain thread (not a pool thread, which the profiled test awaits on) that burns CPU in
/// ``busyLoopForProfilerTests(_:)`` under a span label until stopped.
final class BusyThread: Sendable {
    private let stopped = Atomic<Bool>(false)
    private let finished = Atomic<Bool>(false)
    private let iterations = Atomic<UInt64>(0)

    /// Starts the thread.
    init(label: SpanLabel?) {
        let thread = Thread { [self] in
            CPUProfiler.withSpanLabel(label) {
                while !stopped.load(ordering: .relaxed) {
                    iterations.add(busyLoopForProfilerTests(200_000), ordering: .relaxed)
                }
            }
            finished.store(true, ordering: .releasing)
        }
        thread.start()
    }

    /// Stops the loop and waits until the thread has left it.
    func stop() async {
        stopped.store(true, ordering: .relaxed)
        while !finished.load(ordering: .acquiring) { await Task.yield() }
    }
}

/// The function the CPU profile tests look for: pure arithmetic, never inlined.
@inline(never)
func busyLoopForProfilerTests(_ rounds: Int) -> UInt64 {
    var state: UInt64 = 0x9E37_79B9_7F4A_7C15
    var round = 0
    while round < rounds {  // no iterator: at -Onone that would be calls into the standard library
        state = (state ^ UInt64(truncatingIfNeeded: round)) &* 0xBF58_476D_1CE4_E5B9
        state ^= state &>> 31
        round &+= 1
    }
    return state & 1
}
