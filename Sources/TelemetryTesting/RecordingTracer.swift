import Synchronization
import TelemetryCore
package import Tracing

/// A W3C-speaking span backend for tests: random ids, parent-based sampling, `traceparent` and
/// `tracestate` in its own `extract`/`inject`, and every ended span kept as a ``FinishedSpan``.
///
/// Like swift-otel it knows W3C Trace Context Level 1 only: spans it starts carry the `sampled`
/// flag and nothing else, so ``KitTracer`` has to restore the Level 2 `random` flag itself.
///
/// ```swift
/// let backend = RecordingTracer()
/// let tracer = KitTracer(wrapping: backend)
/// tracer.withSpan("checkout") { _ in }
/// backend.finishedSpans.map(\.operationName) // ["checkout"]
/// ```
package final class RecordingTracer: Tracer {
    /// The span type.
    package typealias Span = RecordingSpan

    private struct State {
        var finished: [FinishedSpan] = []
        var active: [SpanID: RecordingSpan] = [:]
    }

    /// Whether spans without a parent are sampled; children follow their parent's `sampled` flag.
    package let sampleRoot: Bool
    private let state = Mutex(State())

    /// Creates a tracer; `sampleRoot` decides whether new traces are sampled.
    package init(sampleRoot: Bool = true) {
        self.sampleRoot = sampleRoot
    }

    /// Every span ended so far, in the order they ended.
    package var finishedSpans: [FinishedSpan] {
        state.withLock { $0.finished }
    }

    /// Forgets the finished spans.
    package func reset() {
        state.withLock { $0.finished.removeAll() }
    }

    /// Starts a span: a child of the span (or remote parent) in `context`, or a new trace root.
    package func startSpan<Instant: TracerInstant>(
        _ operationName: String,
        context: @autoclosure () -> ServiceContext,
        ofKind kind: SpanKind,
        at instant: @autoclosure () -> Instant,
        function: String,
        file fileID: String,
        line: UInt
    ) -> RecordingSpan {
        let context = context()
        let parent = context.recordingSpanContext
        let isSampled = parent?.isSampled ?? sampleRoot
        let spanContext = RecordingSpanContext(
            traceID: parent?.traceID ?? .random(),
            spanID: .random(),
            flags: isSampled ? .sampled : [],
            traceState: parent?.traceState,
            isRemote: false
        )
        let span = RecordingSpan(
            operationName: operationName,
            context: context,
            spanContext: spanContext,
            parentSpanID: parent?.spanID,
            kind: kind,
            startNanoseconds: instant().nanosecondsSinceEpoch
        ) { [weak self] finished in
            self?.record(finished)
        }
        state.withLock { $0.active[spanContext.spanID] = span }
        return span
    }

    /// The still-running span whose identity `context` holds.
    package func activeSpan(identifiedBy context: ServiceContext) -> RecordingSpan? {
        guard let spanID = context.recordingSpanContext?.spanID else { return nil }
        return state.withLock { $0.active[spanID] }
    }

    /// Does nothing: spans are recorded when they end.
    @available(*, deprecated)
    package func forceFlush() {}

    /// Reads `traceparent` (and, when it is valid, the raw `tracestate`) as the remote parent.
    package func extract<Carrier, Extract>(_ carrier: Carrier, into context: inout ServiceContext, using extractor: Extract)
    where Extract: Extractor, Extract.Carrier == Carrier {
        guard let value = extractor.extract(key: TraceParent.headerName, from: carrier),
            let traceParent = TraceParent(value)
        else { return }
        context.recordingSpanContext = RecordingSpanContext(
            traceID: traceParent.traceID,
            spanID: traceParent.parentID,
            flags: traceParent.flags,
            traceState: extractor.extract(key: TraceState.headerName, from: carrier),
            isRemote: true
        )
    }

    /// Writes the context's span as `traceparent`, and its raw `tracestate` when there is one.
    package func inject<Carrier, Inject>(_ context: ServiceContext, into carrier: inout Carrier, using injector: Inject)
    where Inject: Injector, Inject.Carrier == Carrier {
        guard let span = context.recordingSpanContext else { return }
        let traceParent = TraceParent(traceID: span.traceID, parentID: span.spanID, flags: span.flags)
        injector.inject(traceParent.headerValue, forKey: TraceParent.headerName, into: &carrier)
        if let traceState = span.traceState, !traceState.isEmpty {
            injector.inject(traceState, forKey: TraceState.headerName, into: &carrier)
        }
    }

    private func record(_ finished: FinishedSpan) {
        state.withLock {
            $0.active[finished.spanID] = nil
            $0.finished.append(finished)
        }
    }
}
