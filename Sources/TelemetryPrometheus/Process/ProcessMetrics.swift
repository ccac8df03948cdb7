/// The process's resource use at scrape time, named as the Prometheus client libraries name it.
///
/// Read from `/proc/self` on Linux; elsewhere ``current()`` returns nil and nothing is exposed.
///
/// - SeeAlso: https://prometheus.io/docs/instrumenting/writing_clientlibs/#process-metrics
struct ProcessMetrics: Sendable, Equatable {
    /// User and system CPU time, in seconds.
    var cpuSeconds: Double
    /// Resident set size, in bytes.
    var residentMemoryBytes: UInt64
    /// Virtual memory size, in bytes.
    var virtualMemoryBytes: UInt64
    /// Open file descriptors.
    var openFileDescriptors: Int?
    /// The soft limit on open file descriptors.
    var maxFileDescriptors: Double?
    /// OS threads.
    var threads: UInt64
    /// Start time, in seconds since the Unix epoch.
    var startTimeSeconds: Double?

    /// Reads the current values, or nil where `/proc/self/stat` is unavailable.
    static func current() -> ProcessMetrics? {
        #if canImport(Glibc)
        guard let stat = ProcFS.readFile("/proc/self/stat"),
            let closingParen = stat.lastIndex(of: UInt8(ascii: ")"))
        else { return nil }
        // Fields after the command name, which may hold spaces: state is field 3 of proc(5).
        let fields = stat[(closingParen + 1)...].split(separator: UInt8(ascii: " "))
        func field(_ number: Int) -> UInt64? {
            let index = number - 3
            return fields.indices.contains(index) ? ProcFS.parseUInt64(fields[index]) : nil
        }
        guard let userTicks = field(14), let systemTicks = field(15), let threads = field(20),
            let startTicks = field(22), let virtualBytes = field(23), let residentPages = field(24)
        else { return nil }
        // The directory stream's own descriptor is counted too; leave it out.
        let openFileDescriptors = ProcFS.entryCount("/proc/self/fd").map { max($0 - 1, 0) }
        return ProcessMetrics(
            cpuSeconds: Double(userTicks + systemTicks) / ProcFS.ticksPerSecond,
            residentMemoryBytes: residentPages * ProcFS.pageSize,
            virtualMemoryBytes: virtualBytes,
            openFileDescriptors: openFileDescriptors,
            maxFileDescriptors: ProcFS.maxFileDescriptors(),
            threads: threads,
            startTimeSeconds: ProcFS.bootTimeSeconds.map { $0 + Double(startTicks) / ProcFS.ticksPerSecond }
        )
        #else
        return nil
        #endif
    }

    /// Appends the metrics in Prometheus text format, each with `# HELP` and `# TYPE`.
    func write(into buffer: inout [UInt8]) {
        Self.family(
            "process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.",
            cpuSeconds, into: &buffer)
        Self.family(
            "process_resident_memory_bytes", "gauge", "Resident memory size in bytes.",
            Double(residentMemoryBytes), into: &buffer)
        Self.family(
            "process_virtual_memory_bytes", "gauge", "Virtual memory size in bytes.",
            Double(virtualMemoryBytes), into: &buffer)
        if let openFileDescriptors {
            Self.family(
                "process_open_fds", "gauge", "Number of open file descriptors.",
                Double(openFileDescriptors), into: &buffer)
        }
        if let maxFileDescriptors {
            Self.family(
                "process_max_fds", "gauge", "Maximum number of open file descriptors.",
                maxFileDescriptors, into: &buffer)
        }
        Self.family("process_threads", "gauge", "Number of OS threads in the process.", Double(threads), into: &buffer)
        if let startTimeSeconds {
            Self.family(
                "process_start_time_seconds", "gauge", "Start time of the process since unix epoch in seconds.",
                startTimeSeconds, into: &buffer)
        }
    }

    private static func family(
        _ name: StaticString,
        _ type: StaticString,
        _ help: StaticString,
        _ value: Double,
        into buffer: inout [UInt8]
    ) {
        buffer.append("# HELP ")
        buffer.append(name)
        buffer.append(UInt8(ascii: " "))
        buffer.append(help)
        buffer.append("\n# TYPE ")
        buffer.append(name)
        buffer.append(UInt8(ascii: " "))
        buffer.append(type)
        buffer.append(UInt8(ascii: "\n"))
        buffer.append(name)
        buffer.append(UInt8(ascii: " "))
        buffer.appendNumber(value)
        buffer.append(UInt8(ascii: "\n"))
    }
}
