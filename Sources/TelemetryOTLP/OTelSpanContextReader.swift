import Synchronization
import TelemetryCore
import Tracing

/// Reads swift-otel's span ids straight out of a context, so the flight recorder's ``SpanObservingTracer``
/// needs no `traceparent` formatted and parsed per span.
///
/// swift-otel 1.6 keeps a span's ids in the context (key `otel-span-context`) as an internal
/// `OTelSpanContext`, whose first stored property is W3CTraceContext's public `TraceContext`: trace id
/// (16 bytes), span id (8 bytes), flags (1 byte). This reader loads those bytes. Not a public API of
/// swift-otel, so it checks itself: the key is recognised by its name and value type, the first
/// ``verifiedReads`` reads are compared with the backend's injected `traceparent`, and one mismatch
/// switches the reader to injection for good. A swift-otel whose layout changed costs speed, not ids.
final class OTelSpanContextReader: SpanContextReader {
    static var keyName: String { "otel-span-context" }
    static var valueTypeName: String { "OTelSpanContext" }
    /// Reads compared with injection before the layout is trusted.
    static var verifiedReads: Int { 64 }

    let injecting: any SpanContextReader
    /// `ObjectIdentifier` bits of swift-otel's key type once seen (0 before).
    let keyType = Atomic<UInt>(0)
    let unverified = Atomic<Int>(OTelSpanContextReader.verifiedReads)
    let disabled = Atomic<Bool>(false)

    init<Backend: Tracer>(backend: Backend) {
        injecting = InjectingSpanContextReader(backend: backend)
    }

    func traceParent(in context: ServiceContext) -> TraceParent? {
        if context.isEmpty { return nil }
        if disabled.load(ordering: .relaxed) { return injecting.traceParent(in: context) }
        let known = keyType.load(ordering: .relaxed)
        var found = false
        var read: TraceParent?
        context.forEach { key, value in
            guard !found else { return }
            let identifier = UInt(bitPattern: ObjectIdentifier(key.keyType))
            if known != 0 {
                guard identifier == known else { return }
            } else {
                guard key.name == Self.keyName, String(describing: type(of: value)) == Self.valueTypeName else { return }
                keyType.store(identifier, ordering: .relaxed)
            }
            found = true
            read = loadTraceContextPrefix(value)
        }
        guard found else { return nil }
        if unverified.load(ordering: .relaxed) > 0 {
            unverified.subtract(1, ordering: .relaxed)
            let injected = injecting.traceParent(in: context)
            if injected != read {
                disabled.store(true, ordering: .relaxed)
                return injected
            }
        }
        return read
    }
}

/// The `TraceContext` prefix of swift-otel's span context, read from the value's own bytes.
private func loadTraceContextPrefix(_ value: any Sendable) -> TraceParent? {
    // Opened explicitly: `any Sendable` is not opened implicitly, and the box's bytes are not the value's.
    _openExistential(value as Any, do: loadTraceContextPrefix(of:))
}

private func loadTraceContextPrefix<Value>(of value: Value) -> TraceParent? {
    guard MemoryLayout<Value>.size >= 25 else { return nil }
    return withUnsafeBytes(of: value) { raw in
        let high = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 0, as: UInt64.self))
        let low = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        let span = UInt64(bigEndian: raw.loadUnaligned(fromByteOffset: 16, as: UInt64.self))
        let traceID = TraceID(high: high, low: low)
        guard traceID.isValid, span != 0 else { return nil }
        return TraceParent(traceID: traceID, parentID: SpanID(span), flags: TraceFlags(rawValue: raw[24]))
    }
}
