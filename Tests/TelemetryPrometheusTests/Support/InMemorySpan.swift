import TelemetryCore
import Tracing

/// A span identity carried in a context, standing in for a tracer's current span.
enum InMemorySpan: ServiceContextKey {
    typealias Value = SpanIdentity

    /// A sampled span (trace id and span id from the W3C Trace Context examples).
    static let sampled = identity(trace: 0x4bf9_2f35_77b3_4da6, 0xa3ce_929d_0e0e_4736, span: 0x00f0_67aa_0ba9_02b7, sampled: true)
    /// Another sampled span of another trace.
    static let otherSampled = identity(trace: 0x0af7_6519_16cd_43dd, 0x8448_eb21_1c80_319c, span: 0xb7ad_6b71_6920_3331, sampled: true)
    /// A span that is not sampled.
    static let unsampled = identity(trace: 0x1111_2222_3333_4444, 0x5555_6666_7777_8888, span: 0x1234_5678_9abc_def0, sampled: false)

    /// What the runtime passes as `spanIdentity`: the identity the context carries.
    static let lookup: @Sendable (ServiceContext) -> SpanIdentity? = { $0[InMemorySpan.self] }

    /// A fixed exemplar clock: 2026-01-01T00:00:00.123Z.
    static let now: @Sendable () -> Int64 = { 1_767_225_600_123_456_789 }

    /// Runs `body` as if inside `span`.
    static func within<Result>(_ span: SpanIdentity, _ body: () throws -> Result) rethrows -> Result {
        var context = ServiceContext.topLevel
        context[InMemorySpan.self] = span
        return try ServiceContext.withValue(context, operation: body)
    }

    private static func identity(trace high: UInt64, _ low: UInt64, span: UInt64, sampled: Bool) -> SpanIdentity {
        SpanIdentity(
            traceParent: TraceParent(
                traceID: TraceID(high: high, low: low),
                parentID: SpanID(span),
                flags: sampled ? [.sampled, .random] : [.random]
            ),
            traceState: nil
        )
    }
}
