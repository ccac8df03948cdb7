#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import CoreMetrics
import Foundation
import MallocInterposerSwift
import Synchronization
import TaskTracking
import TelemetryPrometheus

// task-bench: tracked-task start against a plain child task (time and allocations per task, ratio),
// and the memory of 100k suspended tracked tasks against 100k plain ones. See scripts/bench.sh (`tasks`).
// Run with LD_PRELOAD=<scratch>/release/libMallocInterposerSwift.so for allocation counts.

struct Cost {
    var nanoseconds: Double
    var allocations: Double
}

/// One way of starting children, measured in ``measureInterleaved(count:rounds:_:)``.
struct Variant {
    /// The registry the children register in (nil: none bound).
    var registry: TaskRegistry?
    var add: @Sendable (inout DiscardingTaskGroup) -> Void
}

/// Wall time, CPU time of the whole process (all threads) and allocations of one round.
struct Round {
    var nanoseconds: Double
    var cpuNanoseconds: Double
    var allocations: Double
}

/// Rounds of a task group starting `count` children with each variant, the variants taking turns in
/// every round (round 0 warms up), so a change of load during the run hits all of them alike.
/// Returns each variant's rounds, per child.
func measureInterleaved(count: Int, rounds: Int, _ variants: [Variant]) async -> [[Round]] {
    var samples = Array(repeating: [Round](), count: variants.count)
    for round in 0...rounds {
        for (index, variant) in variants.enumerated() {
            let add = variant.add
            let body: @Sendable () async -> Void = {
                await withDiscardingTaskGroup { group in
                    for _ in 0..<count { add(&group) }
                }
            }
            MallocInterposerSwift.reset()
            MallocInterposerSwift.hook()
            let cpuStart = processCPUNanoseconds()
            let start = ContinuousClock.now
            if let registry = variant.registry { await registry.withCurrent { await body() } } else { await body() }
            let elapsed = start.duration(to: .now)
            let cpu = processCPUNanoseconds() - cpuStart
            MallocInterposerSwift.unhook()
            let mallocs = MallocInterposerSwift.getStatistics().mallocCount
            if round == 0 { continue }
            let (seconds, attoseconds) = elapsed.components
            let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
            samples[index].append(
                Round(nanoseconds: nanoseconds / Double(count), cpuNanoseconds: cpu / Double(count), allocations: Double(mallocs) / Double(count))
            )
        }
    }
    return samples
}

/// CPU time of every thread of the process, in nanoseconds.
func processCPUNanoseconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
    return Double(time.tv_sec) * 1e9 + Double(time.tv_nsec)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    return sorted[sorted.count / 2]
}

/// Median of `variant` and median of its round-by-round difference to `baseline`.
func compare(_ variant: [Round], to baseline: [Round]) -> (cost: Cost, extra: Cost, extraCPU: Double) {
    let cost = Cost(nanoseconds: median(variant.map(\.nanoseconds)), allocations: median(variant.map(\.allocations)))
    let extra = Cost(
        nanoseconds: median(zip(variant, baseline).map { $0.nanoseconds - $1.nanoseconds }),
        allocations: median(zip(variant, baseline).map { $0.allocations - $1.allocations })
    )
    return (cost, extra, median(zip(variant, baseline).map { $0.cpuNanoseconds - $1.cpuNanoseconds }))
}

/// Median time and allocations of `body` run `count` times inline on one task (no other thread involved).
func measureInline(count: Int, rounds: Int = 11, _ body: @Sendable () async -> Void) async -> Cost {
    var samples: [Round] = []
    for round in 0...rounds {
        let sample = await inlineRound(count: count, body)
        if round > 0 { samples.append(sample) }
    }
    return Cost(nanoseconds: median(samples.map(\.nanoseconds)), allocations: median(samples.map(\.allocations)))
}

/// Median round-by-round difference of `body` over `baseline`, both run `count` times inline on one
/// task, taking turns in every round.
func measureInlineExtra(count: Int, rounds: Int, baseline: @Sendable () async -> Void, _ body: @Sendable () async -> Void) async -> Cost {
    var extras: [Round] = []
    for round in 0...rounds {
        let base = await inlineRound(count: count, baseline)
        let sample = await inlineRound(count: count, body)
        if round > 0 { extras.append(Round(nanoseconds: sample.nanoseconds - base.nanoseconds, cpuNanoseconds: 0, allocations: sample.allocations - base.allocations)) }
    }
    return Cost(nanoseconds: median(extras.map(\.nanoseconds)), allocations: median(extras.map(\.allocations)))
}

func inlineRound(count: Int, _ body: @Sendable () async -> Void) async -> Round {
    MallocInterposerSwift.reset()
    MallocInterposerSwift.hook()
    let start = ContinuousClock.now
    for _ in 0..<count { await body() }
    let elapsed = start.duration(to: .now)
    MallocInterposerSwift.unhook()
    let mallocs = MallocInterposerSwift.getStatistics().mallocCount
    let (seconds, attoseconds) = elapsed.components
    return Round(nanoseconds: (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(count), cpuNanoseconds: 0, allocations: Double(mallocs) / Double(count))
}

func residentBytes() -> Int {
    guard let file = fopen("/proc/self/statm", "r") else { return 0 }
    defer { fclose(file) }
    var size = 0
    var resident = 0
    guard withUnsafeMutablePointer(to: &size, { s in withUnsafeMutablePointer(to: &resident) { r in fscanfStatm(file, s, r) } }) else { return 0 }
    return resident * Int(sysconf(Int32(_SC_PAGESIZE)))
}

func fscanfStatm(_ file: UnsafeMutablePointer<FILE>, _ size: UnsafeMutablePointer<Int>, _ resident: UnsafeMutablePointer<Int>) -> Bool {
    var buffer = [CChar](repeating: 0, count: 256)
    guard fgets(&buffer, 256, file) != nil else { return false }
    let fields = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self).split(separator: " ")
    guard fields.count >= 2, let s = Int(fields[0]), let r = Int(fields[1]) else { return false }
    size.pointee = s
    resident.pointee = r
    return true
}

/// Resident memory added while `count` children started by `add` are suspended on one gate.
func suspendedMemory(count: Int, _ add: @Sendable (inout DiscardingTaskGroup, SuspendedGate) -> Void) async -> Int {
    let gate = SuspendedGate()
    let before = residentBytes()
    var during = 0
    await withDiscardingTaskGroup { group in
        for _ in 0..<count { add(&group, gate) }
        while gate.waiting < count { try? await Task.sleep(for: .milliseconds(10)) }
        during = residentBytes()
        gate.open()
    }
    return during - before
}

/// Holds suspended continuations until opened.
final class SuspendedGate: Sendable {
    let state = Mutex<(open: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))
    var waiting: Int { state.withLock { $0.waiters.count } }

    func wait() async {
        await withCheckedContinuation { continuation in
            let now = state.withLock { state in
                if state.open { return true }
                state.waiters.append(continuation)
                return false
            }
            if now { continuation.resume() }
        }
    }

    func open() {
        let waiters = state.withLock { state in
            state.open = true
            defer { state.waiters = [] }
            return state.waiters
        }
        for waiter in waiters { waiter.resume() }
    }
}

func fixed(_ value: Double, _ digits: Int) -> String {
    if value < 0 { return "-" + fixed(-value, digits) }
    var text = String(Int((value * pow(10, Double(digits))).rounded()))
    guard digits > 0 else { return text }
    while text.count <= digits { text = "0" + text }
    text.insert(".", at: text.index(text.endIndex, offsetBy: -digits))
    return text
}

@inline(never) func opaqueWork() async {}

func loadAverage() -> String {
    var loads = [Double](repeating: 0, count: 3)
    return getloadavg(&loads, 3) == 3 ? loads.map { fixed($0, 2) }.joined(separator: " ") : "?"
}

MallocInterposerSwift.initialize()
let mode = CommandLine.arguments.dropFirst().first
// For `perf record` or `time` (CPU of the process against its baseline mode): one path only, in the process's registry.
switch mode {
case "inline-profile":
    _ = await measureInline(count: 200_000, rounds: 10) { await withTrackedTask("bench.inline") { await opaqueWork() } }
    exit(0)
case "inline-profile-baseline":
    _ = await measureInline(count: 200_000, rounds: 10) { await opaqueWork() }
    exit(0)
case "children-profile", "children-profile-baseline":
    let tracked = mode == "children-profile"
    for _ in 0..<200 {
        await withDiscardingTaskGroup { group in
            for _ in 0..<10_000 {
                if tracked { group.addTrackedTask("bench.child") {} } else { group.addTask {} }
            }
        }
    }
    exit(0)
default:
    break
}
let suspended = 100_000
if mode == "suspended-plain" {
    print(await suspendedMemory(count: suspended) { group, gate in group.addTask { await gate.wait() } })
    exit(0)
}
if mode == "suspended-tracked" {
    print(await suspendedMemory(count: suspended) { group, gate in group.addTrackedTask("bench.suspended") { await gate.wait() } })
    exit(0)
}
let count = 10_000
let rounds = 61
if mode == "start-noop" || mode == "start-prometheus" {
    // Services track their tasks in `TaskRegistry.shared` with the bootstrapped metrics backend: measure that
    // path (a registry bound with `withCurrent`, the tests' path, costs a few reference counts more: shown apart).
    let name = mode == "start-noop" ? "no-op metrics" : "PrometheusMetricsBackend"
    if mode == "start-prometheus" { MetricsSystem.bootstrap(PrometheusMetricsBackend()) }
    let bound = TaskRegistry(capacity: 4096, metricsFactory: mode == "start-noop" ? NOOPMetricsHandler.instance : PrometheusMetricsBackend())
    let measured = await measureInterleaved(count: count, rounds: rounds, [
        Variant(registry: nil) { group in group.addTask {} },
        Variant(registry: nil) { group in group.addTrackedTask("bench.child") {} },
        Variant(registry: bound) { group in group.addTrackedTask("bench.child") {} },
    ])
    let plain = Cost(nanoseconds: median(measured[0].map(\.nanoseconds)), allocations: median(measured[0].map(\.allocations)))
    let (cost, extra, extraCPU) = compare(measured[1], to: measured[0])
    let (_, boundExtra, boundCPU) = compare(measured[2], to: measured[0])
    let met = extra.nanoseconds <= 50 && extra.allocations <= 1.05
    print(
        "tasks.start extra per tracked task (\(name)): \(fixed(extra.nanoseconds, 1)) ns, \(fixed(extra.allocations, 2)) allocations"
            + " (target: <= 50 ns, <= 1 allocation) ratio vs baseline (plain addTask + run, \(fixed(plain.nanoseconds, 1)) ns,"
            + " \(fixed(plain.allocations, 2)) allocations): \(fixed(cost.nanoseconds / plain.nanoseconds, 2))x  \(met ? "MET" : "NOT MET")"
    )
    print(
        "    CPU (all threads) \(fixed(extraCPU, 1)) ns more per tracked task (plain \(fixed(median(measured[0].map(\.cpuNanoseconds)), 1)) ns);"
            + " in a registry bound with withCurrent (tests): \(fixed(boundExtra.nanoseconds, 1)) ns, CPU \(fixed(boundCPU, 1)) ns more"
    )
    if mode == "start-noop" {
        let inline = await measureInlineExtra(count: count, rounds: rounds, baseline: { await opaqueWork() }) {
            await withTrackedTask("bench.inline") { await opaqueWork() }
        }
        print("    withTrackedTask inline (register + bind + unregister, one thread): \(fixed(inline.nanoseconds, 1)) ns, \(fixed(inline.allocations, 2)) allocations over a bare call")
    }
    exit(0)
}

print("== 6. tracked tasks (\(count) children per round, \(rounds) rounds, plain and tracked interleaved in every round, medians)")
print(try outputOfChild("start-noop"), terminator: "")
print(try outputOfChild("start-prometheus"), terminator: "")
print("    start + run + finish of an empty child in TaskRegistry.shared, one process per metrics backend, extra = median of the round-by-round differences, on \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores, load \(loadAverage())")

/// Runs this program again in `mode` (a fresh process: freed memory of one kind cannot hide the other's,
/// and each metrics backend can be bootstrapped) and returns what it printed.
func outputOfChild(_ mode: String) throws -> String {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = [mode]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return text
}

func measuredInChild(_ mode: String) throws -> Int {
    Int(try outputOfChild(mode).filter(\.isNumber)) ?? 0
}

let plainBytes = try measuredInChild("suspended-plain")
let trackedBytes = try measuredInChild("suspended-tracked")
let megabytes = Double(trackedBytes) / 1_048_576
print(
    "tasks.suspended 100k tracked tasks: \(fixed(megabytes, 1)) MB resident (target: <= 200 MB) ratio vs baseline"
        + " (100k plain suspended tasks, \(fixed(Double(plainBytes) / 1_048_576, 1)) MB): \(fixed(Double(trackedBytes) / Double(max(plainBytes, 1)), 2))x  \(megabytes <= 200 ? "MET" : "NOT MET")"
)
print("    resident growth (/proc/self/statm) of a fresh process while every task waits on one gate; \(fixed(Double(trackedBytes - plainBytes) / Double(suspended), 0)) bytes more per tracked task")
