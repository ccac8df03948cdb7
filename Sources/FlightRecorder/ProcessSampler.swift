#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Reads CPU time, RSS, threads and open descriptors of this process from `/proc` (Linux).
enum ProcessSampler {
    static let ticksPerSecond = UInt64(max(sysconf(Int32(_SC_CLK_TCK)), 1))
    static let pageSize = UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 1))

    static func sample(timeNanos: UInt64, liveTasks: Int?, eventLoopLagNanos: UInt64?) -> RuntimeSample {
        var cpu: UInt64 = 0
        var threads = 0
        var rss: UInt64 = 0
        if let stat = read("/proc/self/stat"), let close = stat.lastIndex(of: UInt8(ascii: ")")) {
            // Fields after "(comm)": state is field 3; utime 14, stime 15, num_threads 20, rss 24 (1-based).
            let fields = stat[(close + 2)...].split(separator: UInt8(ascii: " "))
            func field(_ number: Int) -> UInt64 { fields.count > number - 3 ? UInt64(String(decoding: fields[number - 3], as: UTF8.self)) ?? 0 : 0 }
            cpu = (field(14) + field(15)) * 1_000_000_000 / ticksPerSecond
            threads = Int(field(20))
            rss = field(24) * pageSize
        }
        return RuntimeSample(
            timeNanos: timeNanos, cpuNanos: cpu, residentBytes: rss, threads: threads,
            openFileDescriptors: openDescriptors(), liveTasks: liveTasks, eventLoopLagNanos: eventLoopLagNanos
        )
    }

    static func openDescriptors() -> Int {
        guard let handle = opendir("/proc/self/fd") else { return 0 }
        defer { closedir(handle) }
        var count = 0
        while readdir(handle) != nil { count += 1 }
        return max(count - 3, 0)  // ".", ".." and the directory's own descriptor
    }

    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = buffer.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
        return count > 0 ? Array(buffer[..<count]) : nil
    }
}
