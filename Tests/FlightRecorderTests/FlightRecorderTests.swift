import CoreMetrics
import FlightRecorder
import Foundation
import MetricsTestKit
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite struct FlightRecorderTests {
    let metrics = TestMetrics()

    func makeRecorder() -> FlightRecorder {
        FlightRecorder(configuration: .init(budgetBytes: 1 << 20), serviceName: "svc", metricsFactory: metrics)
    }

    func object(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func spans_unsampledByHeadSampling_areRecordedWithIdsTimesAndStatus() throws {
        let recorder = makeRecorder()
        let tracer = KitTracer(wrapping: SpanObservingTracer(wrapping: RecordingTracer(sampleRoot: false), recorder: recorder))
        tracer.withSpan("parent") { parent in
            tracer.withSpan("child", context: parent.context) { child in child.setStatus(SpanStatus(code: .error, message: "boom")) }
        }
        let dump = try object(recorder.dump(format: .otlpJSON))
        let resourceSpans = try #require(dump["resourceSpans"] as? [[String: Any]])
        let scope = try #require((resourceSpans.first?["scopeSpans"] as? [[String: Any]])?.first)
        let spans = try #require(scope["spans"] as? [[String: Any]])
        #expect(spans.map { $0["name"] as? String } == ["child", "parent"])
        let child = spans[0], parent = spans[1]
        #expect((child["traceId"] as? String)?.count == 32)
        #expect((child["spanId"] as? String)?.count == 16)
        #expect(child["traceId"] as? String == parent["traceId"] as? String)
        #expect(child["parentSpanId"] as? String == parent["spanId"] as? String)
        #expect(parent["parentSpanId"] == nil)
        #expect((child["status"] as? [String: Any])?["code"] as? Int == 2)
        #expect((child["status"] as? [String: Any])?["message"] as? String == "boom")
        let sampled = (child["attributes"] as? [[String: Any]])?.first { $0["key"] as? String == "flightrecorder.sampled" }
        #expect((sampled?["value"] as? [String: Any])?["boolValue"] as? Bool == false)
        #expect(Int(child["endTimeUnixNano"] as? String ?? "") ?? 0 >= Int(child["startTimeUnixNano"] as? String ?? "x") ?? .max)
    }

    @Test func spans_backendGivesNoIds_getIdsOfTheirOwnLinkedParentToChild() throws {
        let recorder = makeRecorder()
        let tracer = KitTracer(wrapping: SpanObservingTracer(wrapping: NoOpTracer(), recorder: recorder))
        tracer.withSpan("parent") { parent in
            tracer.withSpan("child", context: parent.context) { _ in }
        }
        let dump = try object(recorder.dump(format: .otlpJSON))
        let spans = try #require(((((dump["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"] as? [[String: Any]])?.first?["spans"]) as? [[String: Any]]))
        #expect(spans.map { $0["name"] as? String } == ["child", "parent"])
        #expect(spans[0]["traceId"] as? String == spans[1]["traceId"] as? String)
        #expect(spans[0]["parentSpanId"] as? String == spans[1]["spanId"] as? String)
        #expect(spans[0]["spanId"] as? String != spans[1]["spanId"] as? String)
    }

    @Test func spans_sampled_keepTheirAttributes() throws {
        let recorder = makeRecorder()
        let tracer = KitTracer(wrapping: SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder))
        tracer.withSpan("GET /products/{id}", ofKind: .server) { span in
            span.attributes["http.route"] = "/products/{id}"
            span.attributes["http.response.status_code"] = 200
        }
        let dump = try object(recorder.dump(format: .otlpJSON))
        let span = try #require(((((dump["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"] as? [[String: Any]])?.first?["spans"]) as? [[String: Any]])?.first)
        #expect(span["kind"] as? Int == 2)
        let attributes = span["attributes"] as? [[String: Any]] ?? []
        let route = attributes.first { $0["key"] as? String == "http.route" }
        #expect((route?["value"] as? [String: Any])?["stringValue"] as? String == "/products/{id}")
        let status = attributes.first { $0["key"] as? String == "http.response.status_code" }
        #expect((status?["value"] as? [String: Any])?["intValue"] as? String == "200")
    }

    @Test func chromeDump_allRecordKinds_becomeTraceEvents() throws {
        let recorder = makeRecorder()
        let tracer = SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder)
        tracer.withSpan("work") { _ in }
        recorder.recordLog(level: .debug, label: "test", message: "hello \"quoted\"", source: "m", metadata: ["k": "v"], identity: nil)
        recorder.record(taskEvent: TaskEvent(phase: .started, taskID: 7, name: "consumer", site: "A.swift:1", timeNanos: FlightRecorder.nowNanos()))
        recorder.record(sample: RuntimeSample(timeNanos: FlightRecorder.nowNanos(), cpuNanos: 5, residentBytes: 1 << 20, threads: 4, openFileDescriptors: 9, liveTasks: 3))
        let dump = try object(recorder.dump(format: .chromeTrace))
        let events = try #require(dump["traceEvents"] as? [[String: Any]])
        #expect(events.contains { $0["ph"] as? String == "X" && $0["name"] as? String == "work" })
        #expect(events.contains { $0["ph"] as? String == "i" && $0["name"] as? String == "hello \"quoted\"" && $0["cat"] as? String == "log" })
        #expect(events.contains { $0["ph"] as? String == "i" && $0["cat"] as? String == "task" })
        let counter = try #require(events.first { $0["ph"] as? String == "C" })
        #expect((counter["args"] as? [String: Any])?["live_tasks"] as? Int == 3)
    }

    @Test func running_spanStartedNotEnded_isListedUntilItEnds() {
        let recorder = makeRecorder()
        let tracer = SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder)
        let span = tracer.startSpan("long", context: .topLevel)
        #expect(recorder.tracez().running.map(\.name) == ["long"])
        span.end()
        let snapshot = recorder.tracez()
        #expect(snapshot.running.isEmpty)
        #expect(snapshot.summaries.first?.name == "long")
        #expect(snapshot.summaries.first?.bucketCounts.reduce(0, +) == 1)
    }

    @Test func spans_childOfAnExtractedParent_recordTheCallerAsParent() throws {
        let recorder = makeRecorder()
        let tracer = KitTracer(wrapping: SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder))
        var context = ServiceContext.topLevel
        tracer.extract(["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"], into: &context, using: DictionaryExtractor())
        tracer.withSpan("server", context: context, ofKind: .server) { server in
            tracer.withSpan("client", context: server.context, ofKind: .client) { _ in }
        }
        let spans = try #require(((((try object(recorder.dump(format: .otlpJSON))["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"] as? [[String: Any]])?.first?["spans"]) as? [[String: Any]]))
        #expect(spans.map { $0["name"] as? String } == ["client", "server"])
        #expect(spans.allSatisfy { $0["traceId"] as? String == "4bf92f3577b34da6a3ce929d0e0e4736" })
        #expect(spans[1]["parentSpanId"] as? String == "00f067aa0ba902b7")
        #expect(spans[0]["parentSpanId"] as? String == spans[1]["spanId"] as? String)
    }

    @Test func dumps_textsNeedingEscapes_parseBackToTheSameText() throws {
        let recorder = makeRecorder()
        let tracer = SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder)
        let name = "line\nbreak \"quoted\" back\\slash tab\t bell\u{07} caf\u{E9} \u{1F600}"
        tracer.withSpan(name) { span in
            span.attributes["note"] = name
            span.attributes["count"] = -42
            span.attributes["ratio"] = 0.25
            span.setStatus(SpanStatus(code: .error, message: name))
        }
        let otlp = try object(recorder.dump(format: .otlpJSON))
        let span = try #require(((((otlp["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"] as? [[String: Any]])?.first?["spans"]) as? [[String: Any]])?.first)
        #expect(span["name"] as? String == name)
        #expect((span["status"] as? [String: Any])?["message"] as? String == name)
        let attributes = span["attributes"] as? [[String: Any]] ?? []
        func value(_ key: String) -> [String: Any]? { attributes.first { $0["key"] as? String == key }?["value"] as? [String: Any] }
        #expect(value("note")?["stringValue"] as? String == name)
        #expect(value("count")?["intValue"] as? String == "-42")
        #expect(value("ratio")?["doubleValue"] as? Double == 0.25)
        let chrome = try object(recorder.dump(format: .chromeTrace))
        let event = try #require((chrome["traceEvents"] as? [[String: Any]])?.first { $0["ph"] as? String == "X" })
        #expect(event["name"] as? String == name)
        #expect((event["args"] as? [String: Any])?["note"] as? String == name)
        #expect((event["args"] as? [String: Any])?["count"] as? Int == -42)
        #expect((event["dur"] as? Double ?? -1) >= 0)
    }

    @Test func running_nameLongerThanASlot_isListedCutOnACharacterBoundary() {
        let recorder = makeRecorder()
        let tracer = SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder)
        let name = String(repeating: "é", count: 100)
        let span = tracer.startSpan(name, context: .topLevel)
        let listed = recorder.tracez().running.map(\.name)
        span.end()
        #expect(listed.count == 1)
        #expect(listed.first.map { name.hasPrefix($0) && !$0.isEmpty } == true)
        #expect(recorder.tracez().running.isEmpty)
    }

    @Test func running_concurrentSpans_areAllListedThenNone() async {
        let recorder = makeRecorder()
        let tracer = SpanObservingTracer(wrapping: RecordingTracer(), recorder: recorder)
        let spans = await withTaskGroup(of: ObservedSpan<RecordingTracer.Span>.self, returning: [ObservedSpan<RecordingTracer.Span>].self) { group in
            for index in 0..<200 { group.addTask { tracer.startSpan("span \(index)", context: .topLevel) } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(recorder.tracez().running.map(\.name)) == Set((0..<200).map { "span \($0)" }))
        for span in spans { span.end() }
        #expect(recorder.tracez().running.isEmpty)
    }

    @Test func trigger_storm_admitsOnlyTheBurst() {
        let recorder = FlightRecorder(
            configuration: .init(budgetBytes: 1 << 20, triggerInterval: .seconds(3600), triggerBurst: 2), serviceName: "svc", metricsFactory: metrics
        )
        let admitted = (0..<10_000).filter { _ in recorder.trigger(reason: "storm") }.count
        #expect(admitted == 2)
    }

    @Test func allocatedBytes_anyBudget_staysWithinBudget() {
        for budget in [FlightRecorderConfiguration.minimumBudget, 1 << 20, 10 << 20] {
            let recorder = FlightRecorder(configuration: .init(budgetBytes: budget), serviceName: "svc", metricsFactory: metrics)
            #expect(recorder.allocatedBytes <= budget)
        }
    }
}

/// Reads a dictionary carrier.
private struct DictionaryExtractor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
