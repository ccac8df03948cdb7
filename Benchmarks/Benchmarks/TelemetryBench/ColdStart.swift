import BenchSupport
import Foundation
#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Figure 6: `catalog` (release) from exec to its first `/readyz` 200, and its RSS once ready.
///
/// Each run spawns the process with every port 0, reads its stdout for the `listening` line of the
/// listener to probe, then polls `GET /readyz` over loopback until it answers 200. Baseline, same run,
/// alternating with it: `http-bench-server --bare` (Hummingbird with one route, no telemetry).
enum ColdStart {
    struct Target {
        var name: String
        var arguments: [String]
        var environment: [String: String]
        var listener: String
        var path: String
    }

    struct Run {
        var readyAfter: Duration
        var residentKilobytes: Int
    }

    static func run(catalog: String, bareServer: String, runs: Int) throws {
        Report.header("6. catalog cold start (release, no database, OTEL_TRACES_EXPORTER=none)")
        let catalogTarget = Target(
            name: "catalog",
            arguments: [catalog],
            environment: ["HTTP_PORT": "0", "GRPC_PORT": "0", "METRICS_PORT": "0", "OTEL_TRACES_EXPORTER": "none", "LOG_LEVEL": "info"],
            listener: "metrics",
            path: "/readyz"
        )
        let bareTarget = Target(name: "bare", arguments: [bareServer, "--bare", "--port", "0"], environment: [:], listener: "http", path: "/readyz")
        var catalogRuns: [Run] = []
        var bareRuns: [Run] = []
        _ = try start(catalogTarget)  // warm the page cache
        for _ in 0..<runs {
            catalogRuns.append(try start(catalogTarget))
            bareRuns.append(try start(bareTarget))
        }
        let milliseconds = { (runs: [Run]) in runs.map { Double($0.readyAfter.components.attoseconds) / 1e15 + Double($0.readyAfter.components.seconds) * 1e3 } }
        let catalogP50 = Statistics.median(milliseconds(catalogRuns))
        let bareP50 = Statistics.median(milliseconds(bareRuns))
        Report.figure(
            "catalog.coldstart exec -> /readyz 200, p50 of \(runs)",
            measured: "\(Report.fixed(catalogP50, 1)) ms (p90 \(Report.fixed(Statistics.percentile(milliseconds(catalogRuns), 90), 1)) ms)",
            target: "p50 <= 30 ms",
            ratio: catalogP50 / bareP50,
            baseline: "bare Hummingbird exec -> first 200, p50 \(Report.fixed(bareP50, 1)) ms",
            met: catalogP50 <= 30
        )
        let catalogRSS = Statistics.median(catalogRuns.map { Double($0.residentKilobytes) / 1024 })
        let bareRSS = Statistics.median(bareRuns.map { Double($0.residentKilobytes) / 1024 })
        Report.figure(
            "catalog.idle RSS once ready",
            measured: "\(Report.fixed(catalogRSS, 1)) MiB (\(Report.fixed(catalogRSS * 1.048576, 1)) MB)",
            target: "<= 30 MB",
            ratio: catalogRSS / bareRSS,
            baseline: "bare Hummingbird, \(Report.fixed(bareRSS, 1)) MiB",
            met: catalogRSS * 1_048_576 <= 30_000_000
        )
        Report.detail("RSS is VmRSS from /proc/<pid>/status 250 ms after the first 200; median of \(runs) runs")
    }

    /// Spawns `target`, waits for its first 200, reads its RSS, and stops it.
    static func start(_ target: Target) throws -> Run {
        var environment = ProcessInfo.processInfo.environment
        environment["LD_PRELOAD"] = nil  // the interposer is for this process's figures only
        environment.merge(target.environment) { $1 }
        var pipeFDs: [Int32] = [0, 0]
        guard pipe(&pipeFDs) == 0 else { throw BenchError("pipe failed") }
        let (readFD, writeFD) = (pipeFDs[0], pipeFDs[1])
        defer { close(readFD) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, writeFD, 1)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addclose(&actions, readFD)
        posix_spawn_file_actions_addclose(&actions, writeFD)

        let argv = target.arguments.map { strdup($0) } + [nil]
        let envp = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { (argv + envp).forEach { free($0) } }

        var pid: pid_t = 0
        let started = ContinuousClock.now
        let spawned = posix_spawn(&pid, target.arguments[0], &actions, nil, argv, envp)
        close(writeFD)
        guard spawned == 0 else { throw BenchError("cannot start \(target.arguments[0]): error \(spawned)") }
        defer { stop(pid, output: readFD) }

        let deadline = started + .seconds(10)
        var output = StdoutLines(fd: readFD)
        var port: Int?
        while port == nil {
            guard let line = output.next(until: deadline) else { throw BenchError("\(target.name): no listening line for \(target.listener)") }
            port = ListeningLine.port(in: line[...], listener: target.listener)
        }
        while !HTTPProbe.isOK(port: port!, path: target.path) {
            guard ContinuousClock.now < deadline else { throw BenchError("\(target.name): \(target.path) never answered 200") }
            usleep(200)
        }
        let readyAfter = ContinuousClock.now - started
        usleep(250_000)
        output.drain()
        return Run(readyAfter: readyAfter, residentKilobytes: residentKilobytes(pid))
    }

    static func residentKilobytes(_ pid: pid_t) -> Int {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return 0 }
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return Int(line.split(separator: " ").dropFirst().first ?? "") ?? 0
    }

    /// SIGTERM, then SIGKILL after 5 s; drains the output meanwhile so the process never blocks on it.
    static func stop(_ pid: pid_t, output fd: Int32) {
        kill(pid, SIGTERM)
        var lines = StdoutLines(fd: fd)
        var status: Int32 = 0
        for _ in 0..<500 {
            if waitpid(pid, &status, WNOHANG) == pid { return }
            lines.drain()
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
    }
}

/// Lines from a child's stdout, read with a deadline.
struct StdoutLines {
    let fd: Int32
    var buffer: [UInt8] = []

    init(fd: Int32) { self.fd = fd }

    mutating func next(until deadline: ContinuousClock.Instant) -> String? {
        while true {
            if let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                let line = String(decoding: buffer[..<newline], as: UTF8.self)
                buffer.removeSubrange(...newline)
                return line
            }
            let left = deadline - ContinuousClock.now
            guard left > .zero else { return nil }
            var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
            let millis = Int32(left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000)
            guard poll(&descriptor, 1, max(millis, 1)) > 0 else { continue }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = read(fd, &chunk, chunk.count)
            guard count > 0 else { return nil }
            buffer += chunk[..<count]
        }
    }

    /// Reads whatever is pending without blocking.
    mutating func drain() {
        var descriptor = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        var chunk = [UInt8](repeating: 0, count: 4096)
        while poll(&descriptor, 1, 0) > 0, descriptor.revents & Int16(POLLIN) != 0, read(fd, &chunk, chunk.count) > 0 {}
        buffer.removeAll()
    }
}

/// One `GET` over a fresh loopback connection: true when the status is 200.
enum HTTPProbe {
    static func isOK(port: Int, path: String) -> Bool {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { return false }
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n".utf8)
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return false }
        var response: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        while response.count < 12 {
            let count = recv(fd, &chunk, chunk.count, 0)
            guard count > 0 else { break }
            response += chunk[..<count]
        }
        return response.starts(with: Array("HTTP/1.1 200".utf8))
    }
}

struct BenchError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
