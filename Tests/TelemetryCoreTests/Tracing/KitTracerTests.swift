import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

private let callerTraceID = "4bf92f3577b34da6a3ce929d0e0e4736"
private let callerSpanID = "00f067aa0ba902b7"

private func caller(flags: String) -> String { "00-\(callerTraceID)-\(callerSpanID)-\(flags)" }

/// A carrier the kit knows nothing about, read through its extractor only.
private struct DictionaryAccessor: Extractor, Injector {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
    func inject(_ value: String, forKey key: String, into carrier: inout [String: String]) { carrier[key] = value }
}

@Suite struct KitTracerTests {
    let backend = RecordingTracer()
    var tracer: KitTracer<RecordingTracer> { KitTracer(wrapping: backend) }

    func extracted(_ fields: [(name: String, value: String)]) -> ServiceContext {
        var context = ServiceContext.topLevel
        tracer.extract(InMemoryCarrier(fields), into: &context, using: PropagationCarrierExtractor<InMemoryCarrier>())
        return context
    }

    func injected(_ context: ServiceContext) -> InMemoryCarrier {
        var carrier = InMemoryCarrier()
        tracer.inject(context, into: &carrier, using: PropagationCarrierInjector<InMemoryCarrier>())
        return carrier
    }

    @Test func extract_validHeaders_makeTheServerSpanAChildOfTheCaller() throws {
        let context = extracted([("TraceParent", caller(flags: "01")), ("baggage", "saga.id=7f3c")])
        tracer.startSpan("server", context: context, ofKind: .server).end()
        let span = try #require(backend.finishedSpans.first)
        #expect(span.traceID.description == callerTraceID)
        #expect(span.parentSpanID?.description == callerSpanID)
        #expect(span.kind == .server)
        #expect(span.context.baggage?["saga.id"] == "7f3c")
    }

    @Test func extract_nonCanonicalHeaders_reachTheBackendInCanonicalForm() throws {
        let context = extracted([("traceparent", " cc-\(callerTraceID)-\(callerSpanID)-09-future "), ("tracestate", "rojo=1 ,, congo=2")])
        let remote = try #require(context.recordingSpanContext)
        #expect(remote.flags == .sampled)
        #expect(remote.traceState == "rojo=1,congo=2")
    }

    @Test func extract_invalidTraceState_isNotHandedToTheBackend() throws {
        let context = extracted([("traceparent", caller(flags: "01")), ("tracestate", "rojo=1,rojo=2")])
        #expect(try #require(context.recordingSpanContext).traceState == nil)
    }

    @Test func extract_invalidTraceParent_keepsOnlyTheBaggage() {
        let context = extracted([("traceparent", caller(flags: "01").uppercased()), ("tracestate", "rojo=1"), ("baggage", "a=1")])
        #expect(context.recordingSpanContext == nil)
        #expect(context.baggage?["a"] == "1")
    }

    @Test func extract_carrierOutsideTheKit_isReadThroughItsExtractor() throws {
        var context = ServiceContext.topLevel
        let headers = ["traceparent": caller(flags: "01"), "tracestate": "rojo=1", "baggage": "a=1"]
        tracer.extract(headers, into: &context, using: DictionaryAccessor())
        let remote = try #require(context.recordingSpanContext)
        #expect(remote.traceID.description == callerTraceID)
        #expect(remote.traceState == "rojo=1")
        #expect(context.baggage?["a"] == "1")
    }

    @Test func extract_carrierOutsideTheKitWithInvalidTraceParent_startsANewTrace() {
        var context = ServiceContext.topLevel
        tracer.extract(["traceparent": "ff" + caller(flags: "01").dropFirst(2)], into: &context, using: DictionaryAccessor())
        #expect(context.recordingSpanContext == nil)
    }

    @Test func inject_insideServerSpan_writesTheSpanTraceStateAndBaggage() throws {
        let context = extracted([("traceparent", caller(flags: "01")), ("tracestate", "rojo=1"), ("baggage", "a=1")])
        let span = tracer.startSpan("server", context: context, ofKind: .server)
        let outgoing = injected(span.context)
        #expect(outgoing.values(forName: "traceparent") == ["00-\(callerTraceID)-\(span.spanContext.spanID)-01"])
        #expect(outgoing.values(forName: "tracestate") == ["rojo=1"])
        #expect(outgoing.values(forName: "baggage") == ["a=1"])
    }

    @Test(arguments: [("01", "01"), ("03", "03"), ("02", "02"), ("00", "00"), ("0b", "03")])
    func inject_callerFlags_keepTheCallersRandomAndSampledFlags(_ incoming: String, _ outgoing: String) {
        let span = tracer.startSpan("server", context: extracted([("traceparent", caller(flags: incoming))]), ofKind: .server)
        #expect(injected(span.context).values(forName: "traceparent").first?.suffix(2) == Substring(outgoing))
    }

    @Test func inject_newSampledTrace_setsTheRandomFlag() {
        let span = tracer.startSpan("root", context: .topLevel)
        #expect(injected(span.context).values(forName: "traceparent").first?.suffix(3) == "-03")
    }

    @Test func inject_newUnsampledTrace_setsOnlyTheRandomFlag() {
        let tracer = KitTracer(wrapping: RecordingTracer(sampleRoot: false))
        let span = tracer.startSpan("root", context: .topLevel)
        var carrier = InMemoryCarrier()
        tracer.inject(span.context, into: &carrier, using: PropagationCarrierInjector<InMemoryCarrier>())
        #expect(carrier.values(forName: "traceparent").first?.suffix(3) == "-02")
    }

    @Test func inject_twoClientSpans_sendDifferentParentIDs() {
        let server = tracer.startSpan("server", context: extracted([("traceparent", caller(flags: "01"))]), ofKind: .server)
        let first = injected(tracer.startSpan("a", context: server.context, ofKind: .client).context)
        let second = injected(tracer.startSpan("b", context: server.context, ofKind: .client).context)
        #expect(first.values(forName: "traceparent") != second.values(forName: "traceparent"))
        #expect(first.values(forName: "traceparent").first?.contains(callerTraceID) == true)
    }

    @Test func inject_outsideAnyTrace_writesOnlyTheBaggage() {
        var context = ServiceContext.topLevel
        var baggage = Baggage()
        baggage["saga.id"] = "7f3c"
        context.baggage = baggage
        #expect(injected(context).fields.map(\.name) == ["baggage"])
        #expect(injected(.topLevel).fields.isEmpty)
    }

    @Test func identity_outsideAnyTrace_isNil() {
        #expect(tracer.identity(of: .topLevel) == nil)
    }

    @Test func identity_insideSpan_isTheSpan() throws {
        let span = tracer.startSpan("span", context: .topLevel)
        let identity = try #require(tracer.identity(of: span.context))
        #expect(identity.traceID == span.spanContext.traceID)
        #expect(identity.spanID == span.spanContext.spanID)
        #expect(identity.isSampled)
    }

    @Test func identity_extractedContextWithoutSpan_isTheCaller() throws {
        let identity = try #require(tracer.identity(of: extracted([("traceparent", caller(flags: "00")), ("tracestate", "rojo=1")])))
        #expect(identity.traceParent.headerValue == caller(flags: "00"))
        #expect(identity.traceState == "rojo=1")
        #expect(!identity.isSampled)
    }

    @Test func withSpan_operation_runsWithTheSpanAsCurrentContext() throws {
        let spanID = tracer.withSpan("work", context: .topLevel) { span in
            #expect(ServiceContext.current?.recordingSpanContext == span.spanContext)
            return span.spanContext.spanID
        }
        #expect(try #require(backend.finishedSpans.first).spanID == spanID)
    }

    @Test func startSpan_baggageKeyConfigured_isCopiedOntoEverySpanOfTheContext() throws {
        let tracer = KitTracer(wrapping: backend, baggageSpanAttributes: ["commerce.order.id"])
        var context = ServiceContext.topLevel
        tracer.extract(
            InMemoryCarrier([("baggage", "commerce.order.id=o-42,other=x")]), into: &context,
            using: PropagationCarrierExtractor<InMemoryCarrier>()
        )
        tracer.startSpan("consume", context: context, ofKind: .consumer).end()
        tracer.startSpan("untagged", context: .topLevel, ofKind: .internal).end()
        let spans = backend.finishedSpans
        #expect(spans.first { $0.operationName == "consume" }?.attributes["commerce.order.id"]?.toSpanAttribute() == "o-42")
        #expect(spans.first { $0.operationName == "consume" }?.attributes["other"] == nil)
        #expect(spans.first { $0.operationName == "untagged" }?.attributes["commerce.order.id"] == nil)
    }
}
