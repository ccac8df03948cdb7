package import TelemetryCore
import Tracing

/// The conformance suite every ``PropagationCarrier`` adapter runs (HTTP fields, gRPC metadata,
/// Kafka headers), so W3C Trace Context Level 2 and W3C Baggage hold on every transport.
///
/// ```swift
/// @Test(arguments: PropagationConformance.cases)
/// func conformance(_ testCase: PropagationConformanceCase) {
///     #expect(PropagationConformance.check(testCase) { pairs in
///         var fields = HTTPFields()
///         for pair in pairs { fields.append(HTTPField(name: .init(pair.name)!, value: pair.value)) }
///         return fields
///     } == [])
/// }
/// ```
///
/// - SeeAlso: https://www.w3.org/TR/trace-context-2/, https://www.w3.org/TR/baggage/
package enum PropagationConformance {
    /// Runs one case through `KitTracer<RecordingTracer>`: extract from a carrier built by
    /// `makeCarrier(incoming)`, start a server span in the extracted context, inject into
    /// `makeCarrier([])` and check the outgoing headers via `values(forName:)`.
    ///
    /// - Returns: Human-readable failures; empty means the carrier conforms.
    package static func check<Carrier: PropagationCarrier>(
        _ testCase: PropagationConformanceCase,
        makeCarrier: ([(name: String, value: String)]) -> Carrier
    ) -> [String] {
        var failures: [String] = []
        func fail(_ message: String) { failures.append("\(testCase.name): \(message)") }

        let backend = RecordingTracer(sampleRoot: true)
        let tracer = KitTracer(wrapping: backend)
        let incoming = makeCarrier(testCase.incoming)
        var context = ServiceContext.topLevel
        tracer.extract(incoming, into: &context, using: PropagationCarrierExtractor<Carrier>())
        let span = tracer.startSpan("conformance", context: context, ofKind: .server)
        var outgoing = makeCarrier([])
        tracer.inject(span.context, into: &outgoing, using: PropagationCarrierInjector<Carrier>())
        span.end()

        guard let server = backend.finishedSpans.first else {
            fail("the server span was not recorded")
            return failures
        }
        checkTraceParent(testCase, server: server, outgoing: outgoing, fail: fail)
        checkList(TraceState.headerName, "TraceState", expected: testCase.outgoingTraceState, in: outgoing, fail: fail)
        if let traceState = outgoing.values(forName: TraceState.headerName).first,
            traceState.utf8.count > TraceState.maximumLength
        {
            fail("outgoing tracestate is \(traceState.utf8.count) characters, more than \(TraceState.maximumLength)")
        }
        checkList(Baggage.headerName, "Baggage", expected: testCase.outgoingBaggage, in: outgoing, fail: fail)
        return failures
    }

    private static func checkTraceParent(
        _ testCase: PropagationConformanceCase,
        server: FinishedSpan,
        outgoing: some PropagationCarrier,
        fail: (String) -> Void
    ) {
        let values = outgoing.values(forName: TraceParent.headerName)
        guard values.count == 1, let value = values.first else {
            fail("expected one outgoing traceparent, got \(values.count)")
            return
        }
        if outgoing.values(forName: "TraceParent") != values {
            fail("values(forName: \"TraceParent\") differs from values(forName: \"traceparent\")")
        }
        guard value.utf8.count == 55, value.hasPrefix("00-"), let traceParent = TraceParent(value) else {
            fail("outgoing traceparent \(abbreviated(value)) is not a valid version 00 traceparent")
            return
        }
        if traceParent.traceID != server.traceID || traceParent.parentID != server.spanID {
            fail("outgoing traceparent \(value) is not the server span (trace \(server.traceID), span \(server.spanID))")
        }
        let flags = String(value.suffix(2))
        if flags != testCase.outgoingFlags {
            fail("outgoing flags are \(flags), expected \(testCase.outgoingFlags)")
        }
        if server.isSampled != traceParent.flags.contains(.sampled) {
            fail("the server span's sampled state (\(server.isSampled)) disagrees with the outgoing flags \(flags)")
        }
        switch testCase.trace {
        case .continues(let traceID, let parentID):
            if server.traceID.description != traceID {
                fail("expected the caller's trace \(traceID) to continue, the server span is in trace \(server.traceID)")
            }
            if server.parentSpanID?.description != parentID {
                fail("expected the server span's parent to be \(parentID), got \(server.parentSpanID?.description ?? "none")")
            }
            if traceParent.parentID.description == parentID {
                fail("the outgoing parent id \(parentID) is the caller's, not the new server span's")
            }
        case .restarts:
            if let parent = server.parentSpanID {
                fail("expected a new trace, the server span has parent \(parent)")
            }
            let newTraceID = server.traceID.description
            if testCase.incoming.contains(where: { $0.value.lowercased().contains(newTraceID) }) {
                fail("expected a new trace, the outgoing trace id \(newTraceID) came from the incoming headers")
            }
        }
    }

    private static func checkList(
        _ name: String,
        _ otherCase: String,
        expected: String?,
        in outgoing: some PropagationCarrier,
        fail: (String) -> Void
    ) {
        let values = outgoing.values(forName: name)
        let expectedValues = expected.map { [$0] } ?? []
        if values != expectedValues {
            fail("outgoing \(name) is \(describe(values)), expected \(describe(expectedValues))")
        }
        if outgoing.values(forName: otherCase) != values {
            fail("values(forName: \"\(otherCase)\") differs from values(forName: \"\(name)\")")
        }
    }

    private static func describe(_ values: [String]) -> String {
        values.isEmpty ? "absent" : values.map(abbreviated).joined(separator: " | ")
    }

    private static func abbreviated(_ value: String) -> String {
        value.count <= 600 ? "\"\(value)\"" : "\"\(value.prefix(600))…\" (\(value.utf8.count) bytes)"
    }
}
