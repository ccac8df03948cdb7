import Foundation
import Synchronization

/// A service binary started as a real child process, its stdout JSON log lines captured.
/// (A trimmed copy of ServiceRuntimeTests' ServiceProcess: test targets cannot share support code.)
final class ServiceProcess: Sendable {
    struct Ports: Sendable {
        var http: Int
        var grpc: Int
        var metrics: Int
    }

    /// What the child wrote, filled from the pipe's reader thread.
    final class Output: Sendable {
        let lines = Mutex<[String]>([])
        let pending = Mutex<[UInt8]>([])
    }

    private let process: Process
    private let output = Output()

    /// The package's built executable `name` (beside the test bundle, or in `SERVICE_BINARY_DIR`).
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
            "HTTP_PORT": "0", "GRPC_PORT": "0", "METRICS_PORT": "0", "ADMIN_PORT": "0", "BIND_ADDRESS": "127.0.0.1",
            "OTEL_TRACES_EXPORTER": "none", "OTEL_LOGS_EXPORTER": "none",
            "FLIGHT_RECORDER_DIR": NSTemporaryDirectory() + "flightrecorder-\(UUID().uuidString)",
        ]) { _, new in new }
        merged.merge(environment) { _, new in new }
        process.environment = merged
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.standardError
        let output = output
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil; return }
            let complete: [String] = output.pending.withLock { buffer in
                buffer.append(contentsOf: chunk)
                var found: [String] = []
                while let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) {
                    found.append(String(decoding: buffer[buffer.startIndex..<newline], as: UTF8.self))
                    buffer.removeSubrange(buffer.startIndex...newline)
                }
                return found
            }
            output.lines.withLock { $0.append(contentsOf: complete) }
        }
        try process.run()
    }

    /// Waits for the `listening` log lines and returns the bound ports.
    func waitForPorts(timeout: Duration = .seconds(60)) async throws -> Ports {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var ports: [String: Int] = [:]
            for line in output.lines.withLock({ $0 }) {
                guard let record = (try? JSONSerialization.jsonObject(with: Data(line.utf8))) as? [String: Any],
                      record["message"] as? String == "listening", let listener = record["listener"] as? String,
                      let port = (record["port"] as? String).flatMap(Int.init)
                else { continue }
                ports[listener] = port
            }
            if let http = ports["http"], let grpc = ports["grpc"], let metrics = ports["metrics"] {
                return Ports(http: http, grpc: grpc, metrics: metrics)
            }
            guard process.isRunning else { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ProcessFailure(description: "\(process.executableURL?.lastPathComponent ?? "service") did not report its ports")
    }

    /// SIGTERM, then waits up to `timeout` for the exit; the exit status.
    func stop(timeout: Duration = .seconds(30)) async throws -> Int32 {
        kill(process.processIdentifier, SIGTERM)
        let deadline = ContinuousClock.now + timeout
        while process.isRunning, ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(50)) }
        guard !process.isRunning else { throw ProcessFailure(description: "no exit within \(timeout) of SIGTERM") }
        return process.terminationStatus
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}

struct ProcessFailure: Error, CustomStringConvertible {
    var description: String
}
