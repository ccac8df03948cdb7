import Foundation
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

    func promtool(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let path = try #require(promtoolPath, "promtool not found: install Debian's prometheus package (scripts/test.sh does) or set PROMTOOL")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        process.currentDirectoryURL = Self.alerts
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    @Test func checkRules_tasksRules_areValid() throws {
        let result = try promtool(["check", "rules", "tasks.rules.yml"])
        #expect(result.status == 0, "\(result.output)")
        #expect(result.output.contains("SUCCESS: 2 rules found"))
    }

    @Test func testRules_tasksRuleTests_pass() throws {
        let result = try promtool(["test", "rules", "tests/tasks.rules.test.yml"])
        #expect(result.status == 0, "\(result.output)")
    }
}
