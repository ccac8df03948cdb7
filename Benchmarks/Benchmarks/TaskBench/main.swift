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

/// Median over rounds of a task group that starts `count` children with `add` (round 0 warms up).
func measure(count: Int, rounds: Int = 11, _ add: @Sendable (inout DiscardingTaskGroup) -> Void) async -> Cost {
    var samples: [Cost] = []
    for round in 0...rounds {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        let start = ContinuousClock.now
        await withDiscardingTaskGroup { group in
            for _ in 0..<count { add(&group) }
        }
        let elapsed = start.duration(to: .now)
        MallocInterposerSwift.unhook()
        let mallocs = MallocInterposerSwift.getStatistics().mallocCount
        if round == 0 { continue }
        let (seconds, attoseconds) = elapsed.components
        let nanoseconds = Double(seconds) * 1e9 + Double(attoseconds) / 1e9
        samples.append(Cost(nanoseconds: nanoseconds / Double(count), allocations: Double(mallocs) / Double(count)))
    }
    let times = samples.map(\.nanoseconds).sorted()
    let allocations = samples.map(\.allocations).sorted()
    return Cost(nanoseconds: times[times.count / 2], allocations: allocations[allocations.count / 2])
}

/// Median time and allocations of `body` run `count` times inline on one task (no other thread involved).
func measureInline(count: Int, rounds: Int = 11, _ body: @Sendable () async -> Void) async -> Cost {
    var samples: [Cost] = []
    for round in 0...rounds {
        MallocInterposerSwift.reset()
        MallocInterposerSwift.hook()
        let start = ContinuousClock.now
        for _ in 0..<count { await body() }
        let elapsed = start.duration(to: .now)
        MallocInterposerSwift.unhook()
        let mallocs = MallocInterposerSwift.getStatistics().mallocCount
        if round == 0 { continue }
        let (seconds, attoseconds) = elapsed.components
        samples.append(Cost(nanoseconds: (Double(seconds) * 1e9 + Double(attoseconds) / 1e9) / Double(count), allocations: Double(mallocs) / Double(count)))
    }
    let times = samples.map(\.nanoseconds).sorted()
    let allocations = samples.map(\.allocations).sorted()
    return Cost(nanoseconds: times[times.count / 2], allocations: allocations[allocations.count / 2])
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
if CommandLine.arguments.dropFirst().first == "inline-profile" {  // for `perf record`: inline tracking only
    let registry = TaskRegistry(capacity: 1024, metricsFactory: NOOPMetricsHandler.instance)
    await registry.withCurrent { await measureInline(count: 200_000, rounds: 10) { await withTrackedTask("bench.inline") { await opaqueWork() } } }
    exit(0)
}
let suspended = 100_000
if CommandLine.arguments.dropFirst().first == "suspended-plain" {
    print(await suspendedMemory(count: suspended) { group, gate in group.addTask { await gate.wait() } })
    exit(0)
}
if CommandLine.arguments.dropFirst().first == "suspended-tracked" {
    let registry = TaskRegistry(capacity: 1024, metricsFactory: NOOPMetricsHandler.instance)
    print(await registry.withCurrent { await suspendedMemory(count: suspended) { group, gate in group.addTrackedTask("bench.suspended") { await gate.wait() } } })
    exit(0)
}
let count = 10_000
print("== 6. tracked tasks (\(count) children per round, median of 11 rounds)")
let plain = await measure(count: count) { group in group.addTask {} }
let noop = TaskRegistry(capacity: 4096, metricsFactory: NOOPMetricsHandler.instance)
let tracked = await noop.withCurrent { await measure(count: count) { group in group.addTrackedTask("bench.child") {} } }
let prometheus = TaskRegistry(capacity: 4096, metricsFactory: PrometheusMetricsBackend())
let trackedPrometheus = await prometheus.withCurrent { await measure(count: count) { group in group.addTrackedTask("bench.child") {} } }
for (name, cost) in [("no-op metrics", tracked), ("PrometheusMetricsBackend", trackedPrometheus)] {
    let extra = cost.nanoseconds - plain.nanoseconds
    let extraAllocations = cost.allocations - plain.allocations
    let met = extra <= 50 && extraAllocations <= 1.05
    print(
        "tasks.start extra per tracked task (\(name)): \(fixed(extra, 1)) ns, \(fixed(extraAllocations, 2)) allocations"
            + " (target: <= 50 ns, <= 1 allocation) ratio vs baseline (plain addTask + run, \(fixed(plain.nanoseconds, 1)) ns,"
            + " \(fixed(plain.allocations, 2)) allocations): \(fixed(cost.nanoseconds / plain.nanoseconds, 2))x  \(met ? "MET" : "NOT MET")"
    )
}
print("    per task: plain \(fixed(plain.nanoseconds, 1)) ns / \(fixed(plain.allocations, 2)) allocs; tracked \(fixed(tracked.nanoseconds, 1)) ns / \(fixed(tracked.allocations, 2)) allocs (no-op metrics), \(fixed(trackedPrometheus.nanoseconds, 1)) ns / \(fixed(trackedPrometheus.allocations, 2)) allocs (Prometheus)")
print("    start + run + finish of an empty child, on \(sysconf(Int32(_SC_NPROCESSORS_ONLN))) cores, load \(loadAverage())")
let inlineBase = await measureInline(count: count) { await opaqueWork() }
let inline = await noop.withCurrent { await measureInline(count: count) { await withTrackedTask("bench.inline") { await opaqueWork() } } }
print("    withTrackedTask inline (register + bind + unregister, one thread): \(fixed(inline.nanoseconds - inlineBase.nanoseconds, 1)) ns, \(fixed(inline.allocations - inlineBase.allocations, 2)) allocations over a bare call")

/// Runs this program again in `mode` (a fresh process, so freed memory of one kind cannot hide the other's).
func measuredInChild(_ mode: String) throws -> Int {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath()
    process.arguments = [mode]
    let output = Pipe()
    process.standardOutput = output
    try process.run()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return Int(text.filter(\.isNumber)) ?? 0
}

let plainBytes = try measuredInChild("suspended-plain")
let trackedBytes = try measuredInChild("suspended-tracked")
let megabytes = Double(trackedBytes) / 1_048_576
print(
    "tasks.suspended 100k tracked tasks: \(fixed(megabytes, 1)) MB resident (target: <= 200 MB) ratio vs baseline"
        + " (100k plain suspended tasks, \(fixed(Double(plainBytes) / 1_048_576, 1)) MB): \(fixed(Double(trackedBytes) / Double(max(plainBytes, 1)), 2))x  \(megabytes <= 200 ? "MET" : "NOT MET")"
)
print("    resident growth (/proc/self/statm) of a fresh process while every task waits on one gate; \(fixed(Double(trackedBytes - plainBytes) / Double(suspended), 0)) bytes more per tracked task")
