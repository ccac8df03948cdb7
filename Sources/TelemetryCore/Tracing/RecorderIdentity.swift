import Synchronization
import Tracing

/// The ids the recorder knows a span by: the backend's, or its own when the backend gave the span none.
struct RecorderIdentity: Sendable {
    var traceID: TraceID
    var spanID: SpanID
    var isSampled = false

    init(traceID: TraceID, spanID: SpanID, isSampled: Bool = false) {
        self.traceID = traceID
        self.spanID = spanID
        self.isSampled = isSampled
    }

    init(_ traceParent: TraceParent) {
        self.init(traceID: traceParent.traceID, spanID: traceParent.parentID, isSampled: traceParent.flags.contains(.sampled))
    }
}

/// Ids for spans the backend left without any: unique per process and well spread, without a system call.
///
/// SplitMix64 over an atomic counter seeded once from the system's generator (a `getrandom` per id cost
/// more than the rest of the span's recording).
enum RecorderIDs {
    static let seed: UInt64 = {
        var generator = SystemRandomNumberGenerator()
        return generator.next()
    }()
    static let counter = Atomic<UInt64>(0)

    static func next() -> UInt64 {
        let step = counter.wrappingAdd(1, ordering: .relaxed).newValue
        var mixed = seed &+ step &* 0x9E37_79B9_7F4A_7C15
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        mixed ^= mixed >> 31
        return mixed == 0 ? 1 : mixed
    }

    static func spanID() -> SpanID { SpanID(next()) }
    static func traceID() -> TraceID { TraceID(high: next(), low: next()) }
}

extension ServiceContext {
    /// The recorder's own ids of a span its backend gave none (children find their parent by them).
    var recorderIdentity: RecorderIdentity? {
        get { self[RecorderIdentityKey.self].map { RecorderIdentity(traceID: $0.traceID, spanID: $0.spanID) } }
        set { self[RecorderIdentityKey.self] = newValue.map { StoredIdentity(traceID: $0.traceID, spanID: $0.spanID) } }
    }
}

/// The recorder's own ids as the context keeps them: 24 bytes, stored inline in the context's existential
/// (no box allocated per span). Never sampled: the backend exported nothing under these ids.
private struct StoredIdentity: Sendable {
    var traceID: TraceID
    var spanID: SpanID
}

private enum RecorderIdentityKey: ServiceContextKey {
    typealias Value = StoredIdentity
    static let nameOverride: String? = "flightrecorder-identity"
}
