package import Foundation
import Synchronization

/// A service binary started as a real child process, with its JSON log lines captured.
package final class ServiceProcess: Sendable {
    /// The ports the service logged as `listening`.
    package struct Ports: Sendable {
        package var http: Int
        package var grpc: Int
        package var metrics: Int
        package var admin: Int

        /// Ports for a process started with them set (`HTTP_PORT`, ...).
        package init(http: Int, grpc: Int, metrics: Int, admin: Int) {
            self.http = http
            self.grpc = grpc
            self.metrics = metrics
            self.admin = admin
        }

        /// Four free loopback ports.
        package static func free() throws -> Ports {
            Ports(http: try freeLoopbackPort(), grpc: try freeLoopbackPort(), metrics: try freeLoopbackPort(), admin: try freeLoopbackPort())
        }

        /// The variables that make a service listen on these ports.
        package var environment: [String: String] {
            ["HTTP_PORT": String(http), "GRPC_PORT": String(grpc), "METRICS_PORT": String(metrics), "ADMIN_PORT": String(admin)]
        }
    }

    /// What the child wrote, filled from the pipes' reader threads.
    final class Output: Sendable {
        let lines = Mutex<[String]>([])
        let errorText = Mutex<String>("")
        let pending = Mutex<[UInt8]>([])
    }

    /// The running process.
    package let process: Process
    let output = Output()
    /// Where this process's flight recorder writes its dumps (a fresh temporary directory).
    package let flightRecorderDirectory = NSTemporaryDirectory() + "flightrecorder-\(UUID().uuidString)"

    /// The package's built executable `name`: in `SERVICE_BINARY_DIR` when set, else beside the test
    /// bundle (`swift build` puts executables and tests in one folder), else in `.build/debug`.
    package static func binary(named name: String) -> URL {
        if let path = ProcessInfo.processInfo.environment["SERVICE_BINARY_DIR"] {
            return URL(fileURLWithPath: path).appendingPathComponent(name)
        }
        var directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        // The XCTest runner's argument is the bundle itself (.build/debug/X.xctest) or a file inside it.
        while directory.pathComponents.contains(where: { $0.hasSuffix(".xctest") }) { directory.deleteLastPathComponent() }
        let beside = directory.appendingPathComponent(name)
        if FileManager.default.isExecutableFile(atPath: beside.path) { return beside }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)")
    }

    /// Starts `binary` with the test's environment minus `OTEL_*`, free ports (0) unless `environment`
    /// names them, a fresh flight-recorder directory, and `environment` on top.
    package init(binary name: String, environment: [String: String], arguments: [String] = []) throws {
        process = Process()
        process.executableURL = Self.binary(named: name)
        process.arguments = arguments
        var merged = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OTEL_") }
        merged.merge([
            "HTTP_PORT": "0", "GRPC_PORT": "0", "METRICS_PORT": "0", "BIND_ADDRESS": "127.0.0.1", "ADMIN_PORT": "0",
            "FLIGHT_RECORDER_DIR": flightRecorderDirectory,
        ]) { _, new in new }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let stdout = Pipe()
        let stderr = Pipe()
        process.standardOutput = stdout
        process.standardError = stderr
        let output = output
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            let complete: [String] = output.pending.withLock { buffer in
                buffer.append(contentsOf: chunk)
                var found: [String] = []
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    found.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
                return found
            }
            if !complete.isEmpty { output.lines.withLock { $0.append(contentsOf: complete) } }
            if chunk.isEmpty { handle.readabilityHandler = nil }
        }
        stderr.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil; return }
            output.errorText.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
        }
        try process.run()
    }

    /// The captured stdout lines.
    package var lines: [String] { output.lines.withLock { $0 } }

    /// The captured stdout lines decoded as JSON objects.
    package var logRecords: [[String: Any]] {
        lines.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Waits for the `listening` log lines and returns the bound ports.
    package func waitForPorts(grpc expectGRPC: Bool = true, timeout: Duration = .seconds(30)) async throws -> Ports {
        try await poll(timeout: timeout, what: "listening log lines") {
            var ports: [String: Int] = [:]
            for record in self.logRecords where record["message"] as? String == "listening" {
                if let listener = record["listener"] as? String, let port = (record["port"] as? String).flatMap(Int.init) {
                    ports[listener] = port
                }
            }
            guard let http = ports["http"], let metrics = ports["metrics"], let admin = ports["admin"] else { return nil }
            if expectGRPC && ports["grpc"] == nil { return nil }
            return Ports(http: http, grpc: ports["grpc"] ?? 0, metrics: metrics, admin: admin)
        }
    }

    /// Sends a signal (SIGTERM for a graceful stop, SIGKILL for a crash).
    package func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Whether the process still runs.
    package var isRunning: Bool { process.isRunning }

    /// Waits for the process to exit and returns its status.
    package func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await poll(timeout: timeout, what: "process exit") {
            self.process.isRunning ? nil : self.process.terminationStatus
        }
    }

    /// SIGTERM, then waits up to `timeout` for the exit; returns the exit status.
    package func stop(timeout: Duration = .seconds(30)) async throws -> Int32 {
        signal(SIGTERM)
        return try await waitForExit(timeout: timeout)
    }

    /// Everything the process wrote to stderr.
    package var standardError: String { output.errorText.withLock { $0 } }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: flightRecorderDirectory)
    }
}
