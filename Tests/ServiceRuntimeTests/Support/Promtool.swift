import Foundation
import TelemetryTesting

/// Debian's `promtool` (package `prometheus`), run on a real exposition.
enum Promtool {
    struct Result {
        var status: Int32
        var output: String
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String { "promtool not found: install Debian's prometheus package (scripts/test.sh does)" }
    }

    static func checkMetrics(_ exposition: String) async throws -> Result {
        let path = ProcessInfo.processInfo.environment["PROMTOOL"] ?? "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing() }
        let result = try await ChildProcess.run(path, ["check", "metrics"], input: Array(exposition.utf8), mergeErrors: true)
        return Result(status: result.status, output: result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
