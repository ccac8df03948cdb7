#if canImport(Glibc)
import Glibc
#endif
import MallocInterposerSwift

/// What one scenario costs per operation: medians over several rounds.
struct Cost {
    /// Wall-clock time of the calling thread, per operation.
    var nanoseconds: Double
    /// Process CPU time (every thread, background processing included), per operation.
    var cpuNanoseconds: Double
    /// `malloc` calls in the whole process (background processing included), per operation.
    var allocations: Double
}

/// Runs a scenario in rounds and reports median time, CPU time and allocations per operation.
///
/// Allocations come from ordo-one's malloc interposer, which must be preloaded
/// (`LD_PRELOAD=.../libMallocInterposerSwift.so`); ``Harness/checkInterposer()`` refuses to run otherwise.
/// With `settles`, each round also waits (inside the counted window, outside the timed one) until the
/// process is idle, so work handed to background tasks (swift-otel's span processor) is counted too.
enum Harness {
    static func checkInterposer() -> Bool {
        MallocInterposerSwift.initialize()
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        let array = Array(repeating: UInt8(1), count: opaque(64))
        blackHole(array)
        MallocInterposerSwift.unhook()
        return MallocInterposerSwift.getStatistics().mallocCount > 0
    }

    static func measure(iterations: Int, rounds: Int = 11, settles: Bool = false, _ body: () -> Void) -> Cost {
        var samples: [Cost] = []
        for round in 0...rounds {
            let cpuStart = processCPUNanoseconds()
            MallocInterposerSwift.reset()
            MallocInterposerSwift.hook()
            let start = ContinuousClock.now
            for _ in 0..<iterations { body() }
            let elapsed = ContinuousClock.now - start
            if settles { waitUntilIdle() }
            MallocInterposerSwift.unhook()
            let cpu = processCPUNanoseconds() - cpuStart
            let mallocs = MallocInterposerSwift.getStatistics().mallocCount
            if round == 0 { continue }  // warm-up
            samples.append(Cost(elapsed: elapsed, cpu: cpu, mallocs: mallocs, iterations: iterations))
        }
        return Cost.median(samples)
    }

    static func measure(iterations: Int, rounds: Int = 11, settles: Bool = false, _ body: () async throws -> Void) async throws -> Cost {
        var samples: [Cost] = []
        for round in 0...rounds {
            let cost = try await measureRound(iterations: iterations, settles: settles, body)
            if round > 0 { samples.append(cost) }  // round 0 warms up
        }
        return Cost.median(samples)
    }

    /// One timed round of an async scenario.
    static func measureRound(iterations: Int, settles: Bool, _ body: () async throws -> Void) async throws -> Cost {
        let cpuStart = processCPUNanoseconds()
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        let start = ContinuousClock.now
        for _ in 0..<iterations { try await body() }
        let elapsed = ContinuousClock.now - start
        if settles { try await waitUntilIdleAsync() }
        MallocInterposerSwift.unhook()
        let cpu = processCPUNanoseconds() - cpuStart
        let mallocs = MallocInterposerSwift.getStatistics().mallocCount
        return Cost(elapsed: elapsed, cpu: cpu, mallocs: mallocs, iterations: iterations)
    }

    /// Blocks until the process has used less than 0.5 ms of CPU over 10 ms (at most 2 s).
    static func waitUntilIdle() {
        for _ in 0..<200 {
            let before = processCPUNanoseconds()
            usleep(10_000)
            if processCPUNanoseconds() - before < 500_000 { return }
        }
    }

    /// ``waitUntilIdle()`` without blocking a thread of the concurrency pool.
    static func waitUntilIdleAsync() async throws {
        for _ in 0..<200 {
            let before = processCPUNanoseconds()
            try await Task.sleep(for: .milliseconds(10))
            if processCPUNanoseconds() - before < 500_000 { return }
        }
    }

    static func processCPUNanoseconds() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }
}

extension Cost {
    init(elapsed: Duration, cpu: Int64, mallocs: Int, iterations: Int) {
        let (seconds, attoseconds) = elapsed.components
        let wall = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        self.init(nanoseconds: wall / Double(iterations), cpuNanoseconds: Double(cpu) / Double(iterations), allocations: Double(mallocs) / Double(iterations))
    }

    static func median(_ samples: [Cost]) -> Cost {
        Cost(
            nanoseconds: Statistics.median(samples.map(\.nanoseconds)),
            cpuNanoseconds: Statistics.median(samples.map(\.cpuNanoseconds)),
            allocations: Statistics.median(samples.map(\.allocations))
        )
    }
}

enum Statistics {
    static func median(_ values: [Double]) -> Double { percentile(values, 50) }

    /// Nearest-rank percentile.
    static func percentile(_ values: [Double], _ percent: Double) -> Double {
        guard !values.isEmpty else { return .nan }
        let sorted = values.sorted()
        let rank = Int((percent / 100 * Double(sorted.count)).rounded(.up))
        return sorted[min(max(rank, 1), sorted.count) - 1]
    }
}

/// Keeps a value alive and opaque to the optimiser.
@_optimize(none)
func blackHole<T>(_ value: T) {}

/// Returns its argument through a call the optimiser cannot see through (no constant folding).
@_optimize(none)
func opaque<T>(_ value: T) -> T { value }
