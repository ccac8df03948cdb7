import Logging
import OTel
import TelemetryCore
@testable import TelemetryOTLP
import Testing
import Tracing

/// The reader that takes swift-otel's span ids straight from a context (the flight recorder's fast path),
/// against the portable path: swift-otel's injected `traceparent`, parsed.
@Suite struct OTelSpanContextReaderTests {
    func backend(parentBased: Bool) throws -> some Tracer {
        var configuration = OTel.Configuration.default
        configuration.serviceName = "svc"
        configuration.metrics.enabled = false
        configuration.logs.enabled = false
        configuration.traces.exporter = .none
        configuration.traces.sampler = parentBased ? .parentBasedAlwaysOn : .alwaysOn
        configuration.diagnosticLogger = .custom(Logger(label: "otel") { _ in SwiftLogNoOpLogHandler() })
        return try OTel.makeTracingBackend(configuration: configuration).factory
    }

    @Test func traceParent_swiftOTelSpans_matchesInjectionWithoutFallingBack() throws {
        let tracer = try backend(parentBased: false)
        let reader = OTelSpanContextReader(backend: tracer)
        let injecting = InjectingSpanContextReader(backend: tracer)
        for _ in 0..<(OTelSpanContextReader.verifiedReads * 2) {
            let parent = tracer.startSpan("parent", context: .topLevel)
            let child = tracer.startSpan("child", context: parent.context)
            let read = reader.traceParent(in: child.context)
            #expect(read != nil)
            #expect(read == injecting.traceParent(in: child.context))
            #expect(reader.traceParent(in: parent.context) == injecting.traceParent(in: parent.context))
            child.end()
            parent.end()
        }
        #expect(reader.disabled.load(ordering: .relaxed) == false)
        #expect(reader.unverified.load(ordering: .relaxed) <= 0)
    }

    @Test func traceParent_extractedRemoteParent_isTheCaller() throws {
        let tracer = try backend(parentBased: true)
        let reader = OTelSpanContextReader(backend: tracer)
        var context = ServiceContext.topLevel
        tracer.extract(["traceparent": "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-00"], into: &context, using: DictionaryAccessor())
        let read = try #require(reader.traceParent(in: context))
        #expect(read.traceID.description == "4bf92f3577b34da6a3ce929d0e0e4736")
        #expect(read.parentID.description == "00f067aa0ba902b7")
        #expect(!read.flags.contains(.sampled))
    }

    @Test func traceParent_contextWithoutASpan_isNil() throws {
        let reader = OTelSpanContextReader(backend: try backend(parentBased: false))
        var context = ServiceContext.topLevel
        var baggage = Baggage()
        baggage["k"] = "v"
        context.baggage = baggage
        #expect(reader.traceParent(in: context) == nil)
        #expect(reader.traceParent(in: .topLevel) == nil)
    }
}

private struct DictionaryAccessor: Extractor {
    func extract(key: String, from carrier: [String: String]) -> String? { carrier[key] }
}
