import DiagnosticsServer
import FlightRecorder
import Foundation
import NIOHTTP1
import MetricsTestKit
import TelemetryCore
import Testing

@Suite struct DiagnosticsServerTests {
    static func endpoints(recorder: FlightRecorder = FlightRecorder(configuration: .init(budgetBytes: 1 << 20), serviceName: "test", metricsFactory: TestMetrics())) -> [any DiagnosticsEndpoint] {
        [
            FlightRecorderEndpoint(recorder: recorder),
            TracezEndpoint(recorder: recorder),
            LogLevelEndpoint(level: RuntimeLogLevel(.info)),
            ConfigEndpoint(values: ["ADMIN_TOKEN": "s3cret", "DATABASE_URL": "postgres://app:pw@db:5432/shop", "LOG_LEVEL": "info"]),
            BuildEndpoint(info: BuildInfo(service: "test", version: "1.2.3", commit: "abc123")),
            ClosureEndpoint(path: "extra/thing", summary: "an endpoint registered from outside") { request in
                request.wantsJSON ? .json(object: ["ok": true]) : .text("ok\n")
            },
        ]
    }

    @Test func index_listsEveryEndpointAsALink() async throws {
        try await RunningDiagnosticsServer.with(endpoints: Self.endpoints()) { server in
            for path in ["/debug/", "/debug"] {
                let reply = try await server.request(path)
                #expect(reply.status == 200)
                #expect(reply.contentType.hasPrefix("text/html"))
                for endpoint in ["flightrecorder", "tracez", "loglevel", "config", "build", "extra/thing", "bundle"] {
                    #expect(reply.text.contains("href=\"/debug/\(endpoint)\""), "missing link to \(endpoint)")
                }
            }
        }
    }

    @Test func everyEndpoint_textAndJSON_answer200() async throws {
        try await RunningDiagnosticsServer.with(endpoints: Self.endpoints()) { server in
            for path in ["flightrecorder", "tracez", "loglevel", "config", "build", "extra/thing"] {
                let text = try await server.request("/debug/\(path)")
                #expect(text.status == 200, "\(path)")
                let json = try await server.request("/debug/\(path)", headers: [("Accept", "application/json")])
                #expect(json.status == 200, "\(path)")
                #expect(json.contentType == "application/json", "\(path)")
                _ = try json.json()
            }
            let chrome = try await server.request("/debug/flightrecorder?format=chrome")
            #expect(try chrome.json()["traceEvents"] is [Any])
        }
    }

    @Test func unknownEndpoint_404_andBadParameters_400WithMessage() async throws {
        try await RunningDiagnosticsServer.with(endpoints: Self.endpoints()) { server in
            #expect(try await server.request("/debug/nothing-here").status == 404)
            #expect(try await server.request("/elsewhere").status == 404)
            let format = try await server.request("/debug/flightrecorder?format=xml")
            #expect(format.status == 400)
            #expect(format.text.contains("format=xml is not valid"))
            let level = try await server.request("/debug/loglevel?level=loud", method: .PUT)
            #expect(level.status == 400)
            #expect(level.text.contains("level=loud is not valid"))
            let ttl = try await server.request("/debug/loglevel?level=debug&ttl=-5s", method: .PUT)
            #expect(ttl.status == 400)
            #expect(ttl.text.contains("ttl=-5s is not valid"))
        }
    }

    @Test func logLevel_put_changesLevelAndReportsTheRevert() async throws {
        let level = RuntimeLogLevel(.info)
        try await RunningDiagnosticsServer.with(endpoints: [LogLevelEndpoint(level: level)]) { server in
            let reply = try await server.request("/debug/loglevel?level=debug&ttl=300s&format=json", method: .PUT)
            #expect(reply.status == 200)
            let json = try reply.json()
            #expect(json["level"] as? String == "debug")
            #expect(json["base_level"] as? String == "info")
            #expect((json["reverts_in_seconds"] as? Double ?? 0) > 299)
            #expect(level.level == .debug)
        }
    }

    @Test func config_secretsAndURLPasswords_areRedacted() async throws {
        try await RunningDiagnosticsServer.with(endpoints: Self.endpoints()) { server in
            let text = try await server.request("/debug/config").text
            #expect(!text.contains("s3cret"))
            #expect(!text.contains(":pw@"))
            #expect(text.contains("ADMIN_TOKEN=[REDACTED]"))
            #expect(text.contains("DATABASE_URL=postgres://app:[REDACTED]@db:5432/shop"))
            #expect(text.contains("LOG_LEVEL=info"))
        }
    }

    @Test func token_configured_everyRequestNeedsTheBearerToken() async throws {
        try await RunningDiagnosticsServer.with(token: "t0ken", endpoints: Self.endpoints()) { server in
            let missing = try await server.request("/debug/build")
            let wrong = try await server.request("/debug/build", headers: [("Authorization", "Bearer wrong")])
            let index = try await server.request("/debug/", headers: [("Authorization", "Bearer t0ken")])
            let build = try await server.request("/debug/build", headers: [("Authorization", "Bearer t0ken")])
            #expect(missing.status == 401)
            #expect(wrong.status == 401)
            #expect(index.status == 200)
            #expect(build.text.contains("1.2.3"))
        }
    }

    @Test func configuration_nonLoopbackWithoutToken_isRefused() throws {
        #expect(throws: ConfigurationError.self) { try DiagnosticsConfiguration(bindAddress: "0.0.0.0", port: 6060, token: nil) }
        #expect(throws: ConfigurationError.self) {
            try DiagnosticsConfiguration(environment: EnvironmentReader(["ADMIN_BIND_ADDRESS": "10.0.0.5"]))
        }
        let allowed = try DiagnosticsConfiguration(environment: EnvironmentReader(["ADMIN_BIND_ADDRESS": "0.0.0.0", "ADMIN_TOKEN": "x"]))
        #expect(allowed.token == "x")
        #expect(try DiagnosticsConfiguration(environment: EnvironmentReader([:])).port == 6060)
    }

    @Test func bundle_isATarGzWithEveryEndpoint() async throws {
        try await RunningDiagnosticsServer.with(endpoints: Self.endpoints()) { server in
            let reply = try await server.request("/debug/bundle")
            #expect(reply.status == 200)
            #expect(reply.contentType == "application/gzip")
            let directory = NSTemporaryDirectory() + "bundle-\(UUID().uuidString)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let archive = directory + "/bundle.tar.gz"
            try Data(reply.body).write(to: URL(fileURLWithPath: archive))
            let tar = Process()
            tar.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            tar.arguments = ["tar", "-xzf", archive, "-C", directory]
            try tar.run()
            tar.waitUntilExit()
            #expect(tar.terminationStatus == 0)
            let files = try FileManager.default.contentsOfDirectory(atPath: directory + "/test-debug").sorted()
            for expected in [
                "index.html", "flightrecorder.format-otlp.otlp.json", "flightrecorder.format-chrome.perfetto.json", "tracez.txt",
                "tracez.format-json.json", "loglevel.txt", "config.txt", "build.format-json.json", "extra_thing.txt",
            ] {
                #expect(files.contains(expected), "missing \(expected) in \(files)")
            }
            let build = try String(contentsOfFile: directory + "/test-debug/build.txt", encoding: .utf8)
            #expect(build.contains("commit: abc123"))
        }
    }
}
