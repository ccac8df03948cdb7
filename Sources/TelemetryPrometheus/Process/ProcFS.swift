#if canImport(Glibc)
@preconcurrency import Glibc

/// Small readers for Linux's `/proc`, with plain `open`/`read` (no Foundation per scrape).
enum ProcFS {
    /// Clock ticks per second (the unit of `/proc/self/stat`'s times).
    static let ticksPerSecond = Double(max(sysconf(Int32(_SC_CLK_TCK)), 1))
    /// The page size (the unit of `/proc/self/stat`'s resident set).
    static let pageSize = UInt64(max(sysconf(Int32(_SC_PAGESIZE)), 1))
    /// The system's boot time in seconds since the Unix epoch (`btime` in `/proc/stat`), read once.
    static let bootTimeSeconds: Double? = {
        guard let stat = readFile("/proc/stat") else { return nil }
        for line in stat.split(separator: UInt8(ascii: "\n")) where line.starts(with: "btime ".utf8) {
            return parseUInt64(line.dropFirst(6)).map { Double($0) }
        }
        return nil
    }()

    /// A whole (small) file, or nil if it cannot be read.
    static func readFile(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        let chunk = 4096
        while true {
            let start = contents.count
            contents.append(contentsOf: repeatElement(0, count: chunk))
            let count = contents.withUnsafeMutableBytes { bytes in
                read(descriptor, bytes.baseAddress! + start, chunk)
            }
            if count < 0 && errno == EINTR {
                contents.removeLast(chunk)
                continue
            }
            guard count >= 0 else { return nil }
            contents.removeLast(chunk - count)
            if count == 0 { return contents }
        }
    }

    /// The number of entries in a directory, `.` and `..` excluded.
    static func entryCount(_ path: String) -> Int? {
        guard let directory = opendir(path) else { return nil }
        defer { closedir(directory) }
        var count = 0
        while let entry = readdir(directory) {
            let isDotOrDotDot = withUnsafeBytes(of: entry.pointee.d_name) { name in
                name[0] == UInt8(ascii: ".") && (name[1] == 0 || (name[1] == UInt8(ascii: ".") && name[2] == 0))
            }
            if !isDotOrDotDot { count += 1 }
        }
        return count
    }

    /// The soft limit on open file descriptors (`RLIM_INFINITY`, all ones on Linux, as `+Inf`).
    static func maxFileDescriptors() -> Double? {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else { return nil }
        return limit.rlim_cur == rlim_t.max ? .infinity : Double(limit.rlim_cur)
    }

    /// A non-negative decimal integer, or nil if `digits` is empty or holds anything else.
    static func parseUInt64(_ digits: some Collection<UInt8>) -> UInt64? {
        guard !digits.isEmpty else { return nil }
        var value: UInt64 = 0
        for byte in digits {
            guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
            let (shifted, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = shifted.addingReportingOverflow(UInt64(byte - UInt8(ascii: "0")))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }
}
#endif
