#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Start times of tracked tasks: the kernel's coarse monotonic clock, read in about 3 ns (vDSO) where
/// `ContinuousClock.now` takes about 30 ns. Its resolution is one scheduler tick (1-4 ms on Linux),
/// plenty for ages, deadlines and leak thresholds; `kit.tasks.duration` inherits it (unbiased, but
/// tasks shorter than a tick read as 0 or one tick). Times become `ContinuousClock` instants only
/// when someone reads them, through a ``Reference`` pair of both clocks taken then.
enum TaskClock {
    #if os(Linux)
    private static let coarse = CLOCK_MONOTONIC_COARSE
    private static let fine = CLOCK_MONOTONIC
    #else
    private static let coarse = CLOCK_MONOTONIC_RAW_APPROX
    private static let fine = CLOCK_MONOTONIC_RAW
    #endif

    /// A fixed `ContinuousClock` instant: deadlines are kept as `Duration`s from it, since
    /// `ContinuousClock.Instant` is resilient (copied through value witnesses) and `Duration` is not.
    static let epoch = ContinuousClock.now

    /// Now on the coarse clock, in nanoseconds.
    @inline(__always)
    static func now() -> Int64 { read(coarse) }

    /// The same instant on both clocks, to turn coarse readings into `ContinuousClock` instants.
    struct Reference {
        let instant: ContinuousClock.Instant
        let nanoseconds: Int64

        /// Now.
        init() {
            instant = .now
            nanoseconds = TaskClock.read(TaskClock.fine)
        }

        /// The `ContinuousClock` instant of a coarse reading.
        func instant(_ nanoseconds: Int64) -> ContinuousClock.Instant {
            instant.advanced(by: .nanoseconds(nanoseconds - self.nanoseconds))
        }

        /// A `ContinuousClock` instant as a coarse reading.
        func nanoseconds(_ instant: ContinuousClock.Instant) -> Int64 {
            let (seconds, attoseconds) = self.instant.duration(to: instant).components
            return self.nanoseconds + seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        }
    }

    private static func read(_ clock: clockid_t) -> Int64 {
        var time = timespec()
        clock_gettime(clock, &time)
        return Int64(time.tv_sec) &* 1_000_000_000 &+ Int64(time.tv_nsec)
    }
}
