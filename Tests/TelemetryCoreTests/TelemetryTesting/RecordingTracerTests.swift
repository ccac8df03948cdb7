import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

private struct DictionaryAccessor: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

private struct CheckoutFailed: Error, CustomStringConvertible {
    var description: String { "card declined" }
}

@Suite struct RecordingTracerTests {
    @Test func startSpan_withoutParent_rootsASampledTrace() throws {
        let tracer = RecordingTracer()
        tracer.startSpan("root", context: .topLevel).end()
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.operationName == "root")
        #expect(span.parentSpanID == nil)
        #expect(span.isSampled)
        #expect(span.traceID.isValid && span.spanID.isValid)
    }

    @Test func startSpan_sampleRootFalse_rootsAnUnsampledTrace() throws {
        let tracer = RecordingTracer(sampleRoot: false)
        tracer.startSpan("root", context: .topLevel).end()
        #expect(try #require(tracer.finishedSpans.first).isSampled == false)
    }

    @Test func startSpan_twoRoots_haveDifferentTraces() {
        let tracer = RecordingTracer()
        tracer.startSpan("a", context: .topLevel).end()
        tracer.startSpan("b", context: .topLevel).end()
        #expect(tracer.finishedSpans[0].traceID != tracer.finishedSpans[1].traceID)
    }

    @Test func startSpan_insideParent_continuesItsTrace() {
        let tracer = RecordingTracer()
        let parent = tracer.startSpan("parent", context: .topLevel)
        let child = tracer.startSpan("child", context: parent.context, ofKind: .client)
        child.end()
        parent.end()
        let (finishedChild, finishedParent) = (tracer.finishedSpans[0], tracer.finishedSpans[1])
        #expect(finishedChild.traceID == finishedParent.traceID)
        #expect(finishedChild.parentSpanID == finishedParent.spanID)
        #expect(finishedChild.spanID != finishedParent.spanID)
        #expect(finishedChild.kind == .client)
    }

    @Test func startSpan_childOfUnsampledParent_isUnsampled() {
        let tracer = RecordingTracer(sampleRoot: false)
        let parent = tracer.startSpan("parent", context: .topLevel)
        tracer.startSpan("child", context: parent.context).end()
        #expect(tracer.finishedSpans[0].isSampled == false)
    }

    @Test func extract_validTraceParent_isTheRemoteParent() throws {
        let tracer = RecordingTracer(sampleRoot: false)
        var context = ServiceContext.topLevel
        let headers = [
            "traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "tracestate": "rojo=00f067aa0ba902b7",
        ]
        tracer.extract(headers, into: &context, using: DictionaryAccessor())
        let remote = try #require(context.recordingSpanContext)
        #expect(remote.isRemote)
        #expect(remote.traceState == "rojo=00f067aa0ba902b7")

        tracer.startSpan("server", context: context, ofKind: .server).end()
        let span = try #require(tracer.finishedSpans.first)
        #expect(span.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(span.parentSpanID?.description == "00f067aa0ba902b7")
        #expect(span.isSampled)  // the caller's decision, not sampleRoot
        #expect(span.traceState == "rojo=00f067aa0ba902b7")
    }

    @Test func extract_invalidTraceParent_leavesTheContextUnchanged() {
        let tracer = RecordingTracer()
        var context = ServiceContext.topLevel
        tracer.extract(["traceparent": "garbage", "tracestate": "rojo=1"], into: &context, using: DictionaryAccessor())
        #expect(context.recordingSpanContext == nil)
    }

    @Test func inject_insideSpan_writesTheSpanAsParentWithOnlyTheSampledFlag() throws {
        let tracer = RecordingTracer()
        var context = ServiceContext.topLevel
        let incoming = ["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-03", "tracestate": "rojo=1"]
        tracer.extract(incoming, into: &context, using: DictionaryAccessor())
        let span = tracer.startSpan("server", context: context, ofKind: .server)
        var outgoing: [String: String] = [:]
        tracer.inject(span.context, into: &outgoing, using: DictionaryAccessor())
        #expect(outgoing["traceparent"] == "00-4bf92f3577b34da6a3ce929d0e0e4736-\(span.spanContext.spanID)-01")
        #expect(outgoing["tracestate"] == "rojo=1")
    }

    @Test func inject_outsideAnySpan_writesNothing() {
        var outgoing: [String: String] = [:]
        RecordingTracer().inject(.topLevel, into: &outgoing, using: DictionaryAccessor())
        #expect(outgoing.isEmpty)
    }

    @Test func end_span_recordsAttributesStatusEventsErrorsAndTimes() throws {
        let tracer = RecordingTracer()
        let span = tracer.startSpan("checkout", context: .topLevel, at: DefaultTracerClock.Instant(nanosecondsSinceEpoch: 1_000))
        span.attributes["http.route"] = "/checkout"
        span.operationName = "POST /checkout"
        span.addEvent("retry")
        span.recordError(CheckoutFailed(), attributes: ["attempt": 2])
        span.setStatus(SpanStatus(code: .error, message: "declined"))
        span.end(at: DefaultTracerClock.Instant(nanosecondsSinceEpoch: 5_000))

        let finished = try #require(tracer.finishedSpans.first)
        #expect(finished.operationName == "POST /checkout")
        #expect(finished.attributes.get("http.route") == .string("/checkout"))
        #expect(finished.events.map(\.name) == ["retry"])
        #expect(finished.errors.map(\.description) == ["card declined"])
        #expect(finished.errors.first?.typeName.hasSuffix("CheckoutFailed") == true)
        #expect(finished.status == SpanStatus(code: .error, message: "declined"))
        #expect(finished.startNanoseconds == 1_000)
        #expect(finished.endNanoseconds == 5_000)
    }

    @Test func end_calledTwice_recordsTheSpanOnceAndIgnoresLaterChanges() {
        let tracer = RecordingTracer()
        let span = tracer.startSpan("once", context: .topLevel)
        span.end()
        span.attributes["late"] = "x"
        span.end()
        #expect(tracer.finishedSpans.count == 1)
        #expect(tracer.finishedSpans[0].attributes.get("late") == nil)
        #expect(!span.isRecording)
    }

    @Test func activeSpan_identifiedByContext_returnsOnlyARunningSpan() {
        let tracer = RecordingTracer()
        let span = tracer.startSpan("running", context: .topLevel)
        #expect(tracer.activeSpan(identifiedBy: span.context)?.spanContext == span.spanContext)
        span.end()
        #expect(tracer.activeSpan(identifiedBy: span.context) == nil)
    }

    @Test func reset_afterSpans_forgetsThem() {
        let tracer = RecordingTracer()
        tracer.startSpan("a", context: .topLevel).end()
        tracer.reset()
        #expect(tracer.finishedSpans.isEmpty)
    }

    @Test func startSpan_concurrently_recordsEverySpan() async {
        let tracer = RecordingTracer()
        await withTaskGroup(of: Void.self) { group in
            for index in 0..<200 {
                group.addTask { tracer.startSpan("span \(index)", context: .topLevel).end() }
            }
        }
        #expect(tracer.finishedSpans.count == 200)
        #expect(Set(tracer.finishedSpans.map(\.spanID)).count == 200)
    }
}
