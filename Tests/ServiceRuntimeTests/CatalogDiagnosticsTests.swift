import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import TelemetryCore
import TelemetryTesting
import Testing

/// The admin port and the flight recorder of the real `catalog` binary, over real HTTP on loopback.
@Suite(.serialized, .enabled(if: ReceivedSpans.Environment.current != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct CatalogDiagnosticsTests {
    struct Reply {
        var status: Int
        var body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
    }

    func get(_ port: Int, _ path: String, method: HTTPMethod = .GET, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Reply {
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(port)\(path)")
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Reply(status: Int(response.status.code), body: Array(buffer: try await response.body.collect(upTo: 64 << 20)))
    }

    func spans(inOTLP bytes: [UInt8]) throws -> [[String: Any]] {
        let object = try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
        let resourceSpans = try #require(object["resourceSpans"] as? [[String: Any]])
        return resourceSpans.flatMap { ($0["scopeSpans"] as? [[String: Any]] ?? []).flatMap { $0["spans"] as? [[String: Any]] ?? [] } }
    }

    @Test func adminPort_everyEndpoint_answersOverRealHTTP() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_EXPORTER": "none"])
        let ports = try await catalog.waitForPorts()
        #expect(catalog.logRecords.contains { $0["message"] as? String == "listening" && $0["listener"] as? String == "admin" && $0["address"] as? String == "127.0.0.1" })
        let index = try await get(ports.admin, "/debug/")
        #expect(index.status == 200)
        for path in ["flightrecorder", "flightrecorder?format=chrome", "tracez", "tracez?format=json", "loglevel", "config", "config?format=json", "build", "build?format=json", "bundle"] {
            #expect(try await get(ports.admin, "/debug/\(path)").status == 200, "\(path)")
            if !path.contains("?") { #expect(index.text.contains("/debug/\(path)"), "index misses \(path)") }
        }
        #expect(try await get(ports.admin, "/debug/build").text.contains("version: 0.1.0"))
        #expect(try await get(ports.admin, "/debug/nope").status == 404)
        #expect(try await get(ports.admin, "/debug/loglevel?level=chatty", method: .PUT).status == 400)
        let changed = try await get(ports.admin, "/debug/loglevel?level=debug&ttl=60s", method: .PUT)
        #expect(changed.text.hasPrefix("level: debug (reverts to info in"))
    }

    @Test func adminPort_tasksThreadsHeap_describeTheRunningProcess() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_EXPORTER": "none"])
        let ports = try await catalog.waitForPorts()

        #expect(try await get(ports.admin, "/debug/tasks").text.contains("http.serve"))
        let tasks = try #require(try JSONSerialization.jsonObject(with: Data(try await get(ports.admin, "/debug/tasks?format=json").body)) as? [String: Any])
        #expect((tasks["liveTasks"] as? Int ?? 0) >= 1, "\(tasks)")

        let threads = try await get(ports.admin, "/debug/threads")
        #expect(threads.status == 200)
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(try await get(ports.admin, "/debug/threads?format=json").body)) as? [String: Any])
        #expect((dump["threads"] as? [Any])?.count ?? 0 >= 2, "a Swift server has more than one thread")

        let heap = try #require(try JSONSerialization.jsonObject(with: Data(try await get(ports.admin, "/debug/heap?format=json").body)) as? [String: Any])
        #expect((heap["residentBytes"] as? Int ?? 0) > 1 << 20)
        #expect((heap["inUseBytes"] as? Int ?? 0) > 0)
        let index = try await get(ports.admin, "/debug/")
        for path in ["tasks", "threads", "heap", "pprof/profile"] {
            #expect(index.text.contains("/debug/\(path)"), "index misses \(path)")
        }
    }

    @Test(.enabled(if: GoPprof.go != nil || GoPprof.isCI, "go not found ($GO_PPROF or PATH; Debian package `golang-go`)"))
    func adminPort_cpuProfile_isReadByGoToolPprof_oneAtATime_withParametersChecked() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_EXPORTER": "none"])
        let ports = try await catalog.waitForPorts()
        for bad in ["seconds=-1", "seconds=0", "seconds=61", "seconds=abc", "seconds=1&hz=0"] {
            let reply = try await get(ports.admin, "/debug/pprof/profile?\(bad)")
            #expect(reply.status == 400, "\(bad): \(reply.status) \(reply.text)")
        }

        // Two profiles asked for at once: one is taken, the other is refused while it runs.
        async let first = get(ports.admin, "/debug/pprof/profile?seconds=3")
        async let second = get(ports.admin, "/debug/pprof/profile?seconds=3")
        let replies = try await [first, second]
        #expect(replies.map(\.status).sorted() == [200, 409], "\(replies.map { ($0.status, $0.text.prefix(80)) })")
        let refused = try #require(replies.first { $0.status == 409 })
        #expect(refused.text.contains("already running"))
        let profile = try #require(replies.first { $0.status == 200 })

        let read = try await GoPprof.run(["-raw"], profile: profile.body)
        #expect(read.status == 0, "go tool pprof: \(read.errors)")
        #expect(read.output.contains("PeriodType: cpu nanoseconds"), "\(read.output.prefix(400))")
    }

    @Test func publicAndMetricsPorts_neverServeDebug() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_EXPORTER": "none"])
        let ports = try await catalog.waitForPorts()
        for port in [ports.http, ports.metrics] {
            for path in ["/debug/", "/debug", "/debug/flightrecorder", "/debug/config", "/debug/bundle"] {
                #expect(try await get(port, path).status == 404, "port \(port) \(path)")
            }
        }
    }

    @Test func flightRecorder_samplerAlwaysOff_holdsTheUnsampledSpans_andReplaysToTheReceiver() async throws {
        let receiver = try #require(ReceivedSpans.Environment.current, "run the tests through scripts/test.sh, which starts the OTLP receiver")
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_SAMPLER": "always_off", "OTEL_EXPORTER_OTLP_ENDPOINT": receiver.httpEndpoint])
        let ports = try await catalog.waitForPorts()
        let caller = TraceParent(traceID: .random(), parentID: .random(), flags: [])
        var request = HTTPClientRequest(url: "http://127.0.0.1:\(ports.http)/products/sku-1001")
        request.headers.add(name: "traceparent", value: caller.headerValue)
        #expect(try await HTTPClient.shared.execute(request, timeout: .seconds(10)).status == .ok)

        let dump = try await poll(timeout: .seconds(10), what: "the request's span in the flight recorder") {
            let reply = try await get(ports.admin, "/debug/flightrecorder?format=otlp")
            return try spans(inOTLP: reply.body).contains { $0["parentSpanId"] as? String == caller.parentID.description } ? reply.body : nil
        }
        // The request's SERVER span is the caller's child (the database spans below it share the trace).
        let span = try #require(try spans(inOTLP: dump).first { $0["parentSpanId"] as? String == caller.parentID.description })
        #expect(span["name"] as? String == "GET")  // a non-recording span keeps the name it started with
        #expect(span["traceId"] as? String == caller.traceID.description)
        let sampled = (span["attributes"] as? [[String: Any]])?.first { $0["key"] as? String == "flightrecorder.sampled" }
        #expect((sampled?["value"] as? [String: Any])?["boolValue"] as? Bool == false)
        // Head sampling exported nothing: the receiver has never seen this trace...
        #expect(ReceivedSpans.read(from: receiver.spansFile).filter { $0.traceID == caller.traceID.description }.isEmpty)

        // ...until the dump is replayed to it as OTLP/HTTP JSON.
        let replay = try await get(
            0, "", method: .POST, headers: [("Content-Type", "application/json")], body: dump, url: "\(receiver.httpEndpoint)/v1/traces"
        )
        #expect(replay.status == 200)
        let received = try await ReceivedSpans.waitFor(traceID: caller.traceID.description, count: 1, in: receiver.spansFile)
        let replayed = try #require(received.first { $0.spanID == span["spanId"] as? String })
        #expect(replayed.parentSpanID == caller.parentID.description)
    }

    @Test func sigusr2_writesADumpAndLogsItsPath() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_EXPORTER": "none"])
        let ports = try await catalog.waitForPorts()
        #expect(try await get(ports.http, "/products/sku-1001").status == 200)
        catalog.signal(SIGUSR2)
        let record = try await poll(timeout: .seconds(10), what: "the dump's log line") {
            catalog.logRecords.first { $0["message"] as? String == "flight recorder dump written" }
        }
        #expect(record["trigger"] as? String == "sigusr2")
        let path = try #require(record["path"] as? String)
        #expect(path.hasPrefix(catalog.flightRecorderDirectory))
        let files = try FileManager.default.contentsOfDirectory(atPath: catalog.flightRecorderDirectory)
        #expect(files.contains { $0.hasSuffix("-sigusr2.otlp.json") })
        #expect(files.contains { $0.hasSuffix("-sigusr2.perfetto.json") })
        let metrics = try await get(ports.metrics, "/metrics").text
        #expect(metrics.contains("kit_flightrecorder_dumps_total{trigger=\"sigusr2\"} 1"))
        #expect(catalog.process.isRunning)
    }

    @Test func adminBoundOffLoopbackWithoutToken_refusesToStart() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["ADMIN_BIND_ADDRESS": "0.0.0.0"])
        #expect(try await catalog.waitForExit() == 78)
        #expect(catalog.standardError.contains("ADMIN_TOKEN"))
    }

    @Test func dumpDirectoryUnwritable_failsCleanlyAndIsCounted() async throws {
        let catalog = try ServiceProcess(binary: "catalog", environment: ["OTEL_TRACES_EXPORTER": "none", "FLIGHT_RECORDER_DIR": "/proc/self/flightrecorder"])
        let ports = try await catalog.waitForPorts()
        catalog.signal(SIGUSR2)
        let record = try await poll(timeout: .seconds(10), what: "the dump failure's log line") {
            catalog.logRecords.first { $0["message"] as? String == "flight recorder dump failed" }
        }
        #expect((record["error"] as? String)?.contains("/proc/self/flightrecorder") == true)
        #expect(try await get(ports.metrics, "/metrics").text.contains("kit_flightrecorder_dump_failures_total 1"))
        #expect(catalog.process.isRunning)
    }
}

extension CatalogDiagnosticsTests {
    func get(_ port: Int, _ path: String, method: HTTPMethod, headers: [(String, String)], body: [UInt8], url: String) async throws -> Reply {
        var request = HTTPClientRequest(url: url)
        request.method = method
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
        return Reply(status: Int(response.status.code), body: Array(buffer: try await response.body.collect(upTo: 1 << 20)))
    }
}
