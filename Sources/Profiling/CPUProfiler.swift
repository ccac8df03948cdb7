import CProfiling
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#endif

/// Takes sampling CPU profiles of the whole process in pprof format (`go tool pprof`, Grafana Pyroscope).
///
/// A `setitimer(ITIMER_PROF)` timer sends SIGPROF every `1/frequency` seconds of process CPU time; the
/// handler walks the interrupted thread's frame pointers into preallocated slots. There is one such timer
/// per process, so one profile at a time: a second request fails with ``ProfilingError/Code-swift.struct/busy``.
/// The caller's task waits on a clock meanwhile; no thread is blocked.
///
/// ```swift
/// let profile = try await CPUProfiler().profile(duration: .seconds(30))
/// // serve as application/octet-stream; `go tool pprof -top profile.pb`
/// ```
///
/// Format: https://github.com/google/pprof/blob/main/proto/profile.proto (uncompressed protobuf, which
/// pprof readers accept as well as gzip).
public struct CPUProfiler: Sendable {
    /// The longest profile one request may ask for.
    public static let maximumDuration = Duration.seconds(60)
    /// Samples per second of CPU time when the caller does not say (pprof's and Go's default).
    public static let defaultFrequency = 100
    /// Highest accepted frequency; the kernel tick caps the real rate well below it (~300-500 Hz).
    public static let maximumFrequency = 1000

    private static let running = Atomic<Bool>(false)
    private let sleep: @Sendable (Duration) async throws -> Void

    /// A profiler that waits on the continuous clock.
    public init() {
        self.init(sleep: { try await ContinuousClock().sleep(for: $0) })
    }

    /// A profiler that waits with `sleep` (a test clock's).
    package init(sleep: @escaping @Sendable (Duration) async throws -> Void) {
        self.sleep = sleep
    }

    /// True while a profile is being taken in this process.
    public static var isProfiling: Bool { running.load(ordering: .acquiring) }

    /// Samples every thread for `duration` and returns the encoded pprof `Profile`.
    ///
    /// - Throws: ``ProfilingError`` with code `invalidDuration` (not in 0 < duration <= 60 s),
    ///   `invalidFrequency` (not in 1...1000), `busy` (another profile is running), `cancelled`
    ///   (the task was cancelled) or `systemCallFailed`.
    public func profile(duration: Duration, frequency: Int = CPUProfiler.defaultFrequency) async throws(ProfilingError) -> [UInt8] {
        guard duration > .zero, duration <= Self.maximumDuration else {
            throw ProfilingError(code: .invalidDuration, message: "profile duration must be more than 0 and at most 60 seconds, not \(duration)")
        }
        guard (1...Self.maximumFrequency).contains(frequency) else {
            throw ProfilingError(code: .invalidFrequency, message: "sampling frequency must be 1...\(Self.maximumFrequency) Hz, not \(frequency)")
        }
        guard Self.running.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged else {
            throw ProfilingError(code: .busy, message: "a CPU profile is already being taken; try again when it ends")
        }
        defer { Self.running.store(false, ordering: .releasing) }

        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        let processors = max(Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))), 1)
        // ITIMER_PROF counts CPU time of all threads: up to `processors` ticks per wall-clock period.
        let capacity = Int(seconds * Double(frequency) * Double(processors) * 1.25) + 64
        let startNanos = Self.realtimeNanos()
        let started = ContinuousClock.now
        let status = cprof_sampler_start(capacity, 1_000_000 / frequency)
        guard status == 0 else {
            throw ProfilingError(
                code: .systemCallFailed, message: "cannot start the SIGPROF sampler",
                cause: SystemCallError(call: "cprof_sampler_start", errno: status)
            )
        }
        let waited = await wait(duration)
        var profile = Self.collect()
        guard waited else {
            throw ProfilingError(code: .cancelled, message: "the CPU profile was cancelled", cause: CancellationError())
        }
        profile.startUnixNanos = startNanos
        let elapsed = (ContinuousClock.now - started).components
        profile.durationNanos = elapsed.seconds * 1_000_000_000 + elapsed.attoseconds / 1_000_000_000
        profile.periodNanos = Int64(1_000_000_000 / frequency)
        return profile.encoded(symbolizer: .shared, memoryMap: .current())
    }

    /// Waits `duration` in steps of at most a second, refreshing the handler's view of thread stacks
    /// (threads started during the profile); false when cancelled.
    private func wait(_ duration: Duration) async -> Bool {
        var remaining = duration
        while remaining > .zero {
            let step = min(remaining, .seconds(1))
            do {
                try await sleep(step)
            } catch {
                return false
            }
            remaining -= step
            _ = cprof_refresh_stack_ranges()
        }
        return true
    }

    /// Stops the sampler and copies its samples out of the C slots.
    private static func collect() -> PprofProfile {
        let count = cprof_sampler_stop()
        defer { cprof_sampler_release() }
        var profile = PprofProfile()
        profile.droppedSamples = cprof_sampler_dropped()
        profile.samples.reserveCapacity(count)
        for index in 0..<count {
            guard let slot = cprof_sampler_sample(index) else { continue }
            let depth = Int(min(slot.pointee.depth, UInt32(CPROF_MAX_FRAMES)))
            guard depth > 0 else { continue }
            let frames = withUnsafeBytes(of: slot.pointee.frames) { raw in
                raw.bindMemory(to: UInt.self).prefix(depth).map { UInt64($0) }
            }
            let label = SpanLabel(traceIDHigh: slot.pointee.trace_id_high, traceIDLow: slot.pointee.trace_id_low, spanID: slot.pointee.span_id)
            profile.samples.append(PprofProfile.RawSample(frames: frames, label: label))
        }
        return profile
    }

    private static func realtimeNanos() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}
