import DiagnosticsServer
import Foundation
import TelemetryTesting
import Testing

/// The `/debug/` index rendered by a real browser (Debian's headless Chromium, `CHROMIUM_BIN` from scripts/test.sh).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["CHROMIUM_BIN"] != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct DiagnosticsIndexChromiumTests {
    @Test func index_renderedInHeadlessChromium_showsTheTitleAndLinks() async throws {
        let chromium = try #require(ProcessInfo.processInfo.environment["CHROMIUM_BIN"], "CHROMIUM_BIN is not set: run through scripts/test.sh with chromium installed")
        try await RunningDiagnosticsServer.with(endpoints: DiagnosticsServerTests.endpoints()) { server in
            let profile = NSTemporaryDirectory() + "chromium-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: profile) }
            let rendered = try await ChildProcess.run(chromium, [
                "--headless", "--no-sandbox", "--disable-gpu", "--user-data-dir=\(profile)", "--dump-dom", "http://127.0.0.1:\(server.port)/debug/",
            ])
            let dom = rendered.output
            #expect(rendered.status == 0)
            #expect(dom.contains("<h1 id=\"title\">test diagnostics</h1>"))
            #expect(dom.contains("<ul id=\"endpoints\">"))
            for endpoint in ["flightrecorder", "tracez", "loglevel", "config", "build"] {
                #expect(dom.contains("href=\"/debug/\(endpoint)\""), "missing link to \(endpoint)")
            }
        }
    }
}
