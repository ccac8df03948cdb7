import CProfiling

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#endif

/// A symbolised stack for every thread of the process, like Go's goroutine dump.
///
/// Each thread is sent SIGPROF with `tgkill`; the profiler's signal handler, on that thread only, walks
/// its frame pointers. Threads that block SIGPROF, or do not run within the timeout, are listed without
/// frames. Taking a dump blocks the caller about a millisecond per thread (up to `timeout` for a thread
/// that does not answer).
///
/// ```swift
/// let dump = try ThreadDump.capture()
/// print(dump.text)            // for people
/// let json = try JSONEncoder().encode(dump)  // for tools
/// ```
public struct ThreadDump: Sendable, Hashable, Codable {
    /// The process id.
    public var processID: Int32
    /// When the dump was taken, in nanoseconds since the Unix epoch.
    public var capturedAtUnixNanos: Int64
    /// Every thread, sorted by id.
    public var threads: [ThreadStack]

    /// Creates a dump from its parts.
    public init(processID: Int32, capturedAtUnixNanos: Int64, threads: [ThreadStack]) {
        self.processID = processID
        self.capturedAtUnixNanos = capturedAtUnixNanos
        self.threads = threads
    }

    /// Dumps every thread; `timeout` bounds the wait for each one.
    ///
    /// - Throws: ``ProfilingError`` with code `systemCallFailed` when `/proc/self/task` cannot be listed.
    public static func capture(timeout: Duration = .milliseconds(100)) throws(ProfilingError) -> ThreadDump {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let ids = try threadIDs()
        let current = cprof_current_thread_id()
        _ = cprof_refresh_stack_ranges()
        let memoryMap = MemoryMap.current()
        let timeoutNanos = Int(timeout.components.seconds) * 1_000_000_000 + Int(timeout.components.attoseconds / 1_000_000_000)
        var buffer = [UInt](repeating: 0, count: Int(CPROF_MAX_FRAMES) * 2)
        var threads: [ThreadStack] = []
        for id in ids {
            // A thread that blocks SIGPROF (librdkafka's all do) would never answer: say so instead of waiting.
            if id != current, blocksSIGPROF(id) {
                threads.append(
                    ThreadStack(
                        id: id, name: threadName(id), state: threadState(id), isCurrent: false, frames: [],
                        note: "the thread blocks SIGPROF, so its stack cannot be sampled"
                    )
                )
                continue
            }
            let depth = buffer.withUnsafeMutableBufferPointer { frames in
                cprof_dump_thread(id, frames.baseAddress, Int32(frames.count), timeoutNanos)
            }
            let failure = depth < 0 ? errno : 0
            if depth < 0 && failure == ESRCH { continue }  // exited since the listing
            let frames = buffer.prefix(max(Int(depth), 0)).enumerated().map { index, address in
                Symbolizer.shared.frame(UInt64(address), isReturnAddress: index > 0, memoryMap: memoryMap)
            }
            let note: String? =
                depth < 0 ? "tgkill failed: errno \(failure)"
                : depth == 0 ? "no answer to SIGPROF within \(timeout) (signal blocked, or the thread never ran)" : nil
            threads.append(
                ThreadStack(id: id, name: threadName(id), state: threadState(id), isCurrent: id == current, frames: frames, note: note)
            )
        }
        return ThreadDump(
            processID: getpid(),
            capturedAtUnixNanos: Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec),
            threads: threads
        )
    }

    private static func threadIDs() throws(ProfilingError) -> [Int32] {
        var ids = [Int32](repeating: 0, count: 64)
        while true {
            let count = ids.withUnsafeMutableBufferPointer { cprof_list_threads($0.baseAddress, Int32($0.count)) }
            guard count >= 0 else {
                throw ProfilingError(
                    code: .systemCallFailed, message: "cannot list /proc/self/task",
                    cause: SystemCallError(call: "opendir", errno: errno)
                )
            }
            if Int(count) <= ids.count { return ids.prefix(Int(count)).sorted() }
            ids = [Int32](repeating: 0, count: Int(count) + 16)
        }
    }

    /// Whether SIGPROF is in the thread's blocked set (`SigBlk` of `/proc/self/task/<id>/status`, hex).
    private static func blocksSIGPROF(_ id: Int32) -> Bool {
        guard let status = ProcFile.text("/proc/self/task/\(id)/status"),
            let line = status.split(separator: "\n").first(where: { $0.hasPrefix("SigBlk:") }),
            let mask = UInt64(String(line.dropFirst("SigBlk:".count).drop { $0 == " " || $0 == "\t" }), radix: 16)
        else { return false }
        return mask & (1 << UInt64(SIGPROF - 1)) != 0
    }

    private static func threadName(_ id: Int32) -> String {
        var name = ProcFile.text("/proc/self/task/\(id)/comm") ?? ""
        while name.last == "\n" { name.removeLast() }
        return name
    }

    /// The state letter of `/proc/self/task/<id>/stat` (after the parenthesised name), spelled out.
    private static func threadState(_ id: Int32) -> String {
        guard let stat = ProcFile.text("/proc/self/task/\(id)/stat"), let close = stat.lastIndex(of: ")") else { return "unknown" }
        let letter = stat[stat.index(after: close)...].first { $0 != " " }
        switch letter {
        case "R": return "running"
        case "S": return "sleeping"
        case "D": return "disk sleep"
        case "T", "t": return "stopped"
        case "Z": return "zombie"
        case "I": return "idle"
        default: return letter.map(String.init) ?? "unknown"
        }
    }
}
