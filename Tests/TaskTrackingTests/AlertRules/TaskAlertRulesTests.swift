import Foundation
import TelemetryTesting
import Testing

/// Debian's `promtool` (scripts/test.sh exports PROMTOOL), nil when missing.
private let promtoolPath: String? = {
    let path = ProcessInfo.processInfo.environment["PROMTOOL"] ?? "/usr/bin/promtool"
    return FileManager.default.isExecutableFile(atPath: path) ? path : nil
}()

/// `grafana/alerts/tasks.rules.yml` under `promtool`; skipped without it unless `CI` is set (then it fails).
@Suite(.enabled(if: promtoolPath != nil || ProcessInfo.processInfo.environment["CI"] != nil, "promtool not found (set PROMTOOL)"))
struct TaskAlertRulesTests {
    static let alerts = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("grafana/alerts")

    func promtool(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        let path = try #require(promtoolPath, "promtool not found: install Debian's prometheus package (scripts/test.sh does) or set PROMTOOL")
        let result = try await ChildProcess.run(path, arguments, directory: Self.alerts, mergeErrors: true)
        return (result.status, result.output)
    }

    @Test func checkRules_tasksRules_areValid() async throws {
        let result = try await promtool(["check", "rules", "tasks.rules.yml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: 2 rules found"))
    }

    @Test func testRules_tasksRuleTests_pass() async throws {
        let result = try await promtool(["test", "rules", "tests/tasks.rules.test.yml"])
        #expect(result.status == 0, "\(result.output)")
    }
}
