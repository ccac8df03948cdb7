import Foundation

/// Runs one named check of `deploy/tools/validate.py` (Python 3 with PyYAML, jsonschema and
/// kubernetes-validate; kubectl; PROMTOOL and PROMETHEUS_BIN, all installed by `scripts/lib/ops.sh`).
enum OperationsCheck {
    struct Result {
        var status: Int32
        var output: String
        var passed: Bool { status == 0 }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The repository root, found from this file's path (Tests/OperationsTests/Support/...).
    static let root: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// Runs `python3 deploy/tools/validate.py NAME` with a deadline and returns its status and output.
    static func run(_ name: String, deadline: Duration = .seconds(600)) async throws -> Result {
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("ops-check-\(name)-\(UUID().uuidString).log")
        guard FileManager.default.createFile(atPath: output.path, contents: nil) else {
            throw Failure(description: "cannot create \(output.path)")
        }
        defer { try? FileManager.default.removeItem(at: output) }
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [ProcessInfo.processInfo.environment["OPS_PYTHON"] ?? "python3", "deploy/tools/validate.py", name]
        process.currentDirectoryURL = root
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        // Polls instead of waitUntilExit, which busy-spins on Linux.
        let clock = ContinuousClock()
        let end = clock.now.advanced(by: deadline)
        while process.isRunning {
            if clock.now > end {
                process.terminate()
                throw Failure(description: "check \(name) did not finish within \(deadline)")
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        let text = (try? String(contentsOf: output, encoding: .utf8)) ?? ""
        return Result(status: process.terminationStatus, output: text.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
