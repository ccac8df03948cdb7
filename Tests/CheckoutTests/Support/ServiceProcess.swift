// A copy of Tests/ServiceRuntimeTests/Support/ServiceProcess.swift (the platform helper moves it to a shared place).
import Foundation
import Synchronization

/// A service binary started as a real child process, with its JSON log lines captured.
final class ServiceProcess: Sendable {
    struct Ports: Sendable {
        var http: Int
        var grpc: Int
        var metrics: Int
        var admin: Int
    }

    /// What the child wrote, filled from the pipes' reader threads.
    final class Output: Sendable {
        let lines = Mutex<[String]>([])
        let errorText = Mutex<String>("")
        let pending = Mutex<[UInt8]>([])
    }

    let process: Process
    let output = Output()
    /// Where this process's flight recorder writes its dumps (a fresh temporary directory).
    let flightRecorderDirectory = NSTemporaryDirectory() + "flightrecorder-\(UUID().uuidString)"

    /// The package's built executable (`swift build` puts it beside the test bundle).
    static func binary(named name: String) -> URL {
        if let path = ProcessInfo.processInfo.environment["SERVICE_BINARY_DIR"] {
            return URL(fileURLWithPath: path).appendingPathComponent(name)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)")
    }

    init(binary name: String, environment: [String: String]) throws {
        process = Process()
        process.executableURL = Self.binary(named: name)
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

    /// The captured stdout lines decoded as JSON objects.
    var logRecords: [[String: Any]] {
        output.lines.withLock { $0 }.compactMap { line in
            (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any]
        }
    }

    /// Waits for the `listening` log lines and returns the bound ports.
    func waitForPorts(grpc expectGRPC: Bool = true, timeout: Duration = .seconds(30)) async throws -> Ports {
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

    /// Sends a signal (SIGTERM for a graceful stop).
    func signal(_ number: Int32) {
        kill(process.processIdentifier, number)
    }

    /// Waits for the process to exit and returns its status.
    func waitForExit(timeout: Duration = .seconds(30)) async throws -> Int32 {
        try await poll(timeout: timeout, what: "process exit") {
            self.process.isRunning ? nil : self.process.terminationStatus
        }
    }

    var standardError: String { output.errorText.withLock { $0 } }

    deinit {
        if process.isRunning { process.terminate() }
        try? FileManager.default.removeItem(atPath: flightRecorderDirectory)
    }
}

struct TimedOut: Error, CustomStringConvertible {
    var what: String
    var description: String { "timed out waiting for \(what)" }
}

/// Polls `probe` every 50 ms until it returns a value.
func poll<T>(timeout: Duration, what: String, _ probe: () async throws -> T?) async throws -> T {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if let value = try await probe() { return value }
        try await Task.sleep(for: .milliseconds(50))
    }
    throw TimedOut(what: what)
}
