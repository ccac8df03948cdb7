#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import TelemetryCore

/// Writes dump files (write to a temporary name, then rename) and keeps the directory within its retention.
struct DumpWriter: Sendable {
    var directory: String
    var retainedFiles: Int
    var retainedBytes: Int

    static let prefix = "flightrecorder-"

    /// Writes `bytes` to `path`, failing with the system's reason (`ENOSPC` on a full disk).
    static func write(_ bytes: [UInt8], to path: String, temporary: Bool = true) throws(FlightRecorderError) {
        let target = temporary ? path + ".tmp" : path
        let descriptor = open(target, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw FlightRecorderError(code: .write, message: "cannot open \(target): \(String(cString: strerror(errno)))", errno: errno)
        }
        var written = 0
        var failure: Int32 = 0
        bytes.withUnsafeBytes { raw in
            while written < raw.count {
                let result = Glibc.write(descriptor, raw.baseAddress! + written, raw.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                written += result
            }
        }
        if failure == 0, fsync(descriptor) != 0, errno != EINVAL { failure = errno }
        close(descriptor)
        guard failure == 0 else {
            if temporary { unlink(target) }
            throw FlightRecorderError(code: .write, message: "cannot write \(target): \(String(cString: strerror(failure)))", errno: failure)
        }
        if temporary, rename(target, path) != 0 {
            let code = errno
            unlink(target)
            throw FlightRecorderError(code: .write, message: "cannot rename \(target) to \(path): \(String(cString: strerror(code)))", errno: code)
        }
    }

    /// Creates the directory (and its parents) when missing.
    func ensureDirectory() throws(FlightRecorderError) {
        var path = directory.hasPrefix("/") ? "" : "."
        for component in directory.split(separator: "/") where component != "." {
            path += "/" + component
            if mkdir(path, 0o755) != 0, errno != EEXIST {
                throw FlightRecorderError(code: .directory, message: "cannot create \(path): \(String(cString: strerror(errno)))", errno: errno)
            }
        }
    }

    /// Writes one dump's files and applies retention; returns the paths written.
    func writeDump(_ files: [(suffix: String, bytes: [UInt8])], reason: String, timeNanos: UInt64) throws(FlightRecorderError) -> [String] {
        try ensureDirectory()
        let stamp = Self.stamp(timeNanos)
        let safeReason = String(reason.map { $0.isLetter || $0.isNumber || $0 == "_" ? $0 : "_" }.prefix(40))
        var paths: [String] = []
        for file in files {
            let path = "\(directory)/\(Self.prefix)\(stamp)-\(safeReason)\(file.suffix)"
            try Self.write(file.bytes, to: path)
            paths.append(path)
        }
        applyRetention()
        return paths
    }

    /// Deletes the oldest dump files beyond the file count and byte limits.
    func applyRetention() {
        guard let handle = opendir(directory) else { return }
        var files: [(name: String, size: Int)] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            guard name.hasPrefix(Self.prefix), !name.hasSuffix(".tmp") else { continue }
            var info = stat()
            guard stat("\(directory)/\(name)", &info) == 0 else { continue }
            files.append((name, Int(info.st_size)))
        }
        closedir(handle)
        files.sort { $0.name > $1.name }  // newest first: names start with a sortable UTC stamp
        var kept = 0
        var bytes = 0
        for file in files {
            kept += 1
            bytes += file.size
            if kept > retainedFiles || bytes > retainedBytes { unlink("\(directory)/\(file.name)") }
        }
    }

    /// `20261124T220000.123Z`: sortable, UTC.
    static func stamp(_ nanos: UInt64) -> String {
        WallClock.compactStamp(unixNanos: nanos)
    }
}
