import Foundation

/// Debian's `promtool` (package `prometheus`), run on a real exposition.
package enum Promtool {
    /// promtool's exit status and output.
    package struct Result {
        /// The exit status (0 clean, 3 lint problems).
        package var status: Int32
        /// stdout and stderr, trimmed.
        package var output: String
    }

    /// promtool is not installed.
    package struct Missing: Error, CustomStringConvertible {
        /// What to install.
        package var description: String { "promtool not found: install Debian's prometheus package (scripts/test.sh does)" }
    }

    /// `promtool check metrics` on `exposition` (`$PROMTOOL`, else /usr/bin/promtool).
    package static func checkMetrics(_ exposition: String) async throws -> Result {
        let path = ProcessInfo.processInfo.environment["PROMTOOL"] ?? "/usr/bin/promtool"
        guard FileManager.default.isExecutableFile(atPath: path) else { throw Missing() }
        let result = try await ChildProcess.run(path, ["check", "metrics"], input: Array(exposition.utf8), mergeErrors: true)
        return Result(status: result.status, output: result.output.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
