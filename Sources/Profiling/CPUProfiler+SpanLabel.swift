import CProfiling

extension CPUProfiler {
    /// The span label of the calling thread, if one is set.
    public static var currentSpanLabel: SpanLabel? {
        var high: UInt64 = 0
        var low: UInt64 = 0
        var span: UInt64 = 0
        cprof_get_span(&high, &low, &span)
        return SpanLabel(traceIDHigh: high, traceIDLow: low, spanID: span)
    }

    /// Labels the calling thread's samples with `label` (nil: no label) until the next call.
    ///
    /// A thread, not a task: after an `await` the task may continue on another thread. Set it where a
    /// span becomes active on a thread (and clear it where it stops being so), or use
    /// ``withSpanLabel(_:_:)`` around synchronous work. Costs a C call and a thread-local write.
    public static func setCurrentSpanLabel(_ label: SpanLabel?) {
        cprof_set_span(label?.traceIDHigh ?? 0, label?.traceIDLow ?? 0, label?.spanID ?? 0)
    }

    /// Labels the calling thread's samples with `label` while `body` runs, then restores the previous label.
    ///
    /// ```swift
    /// let label = SpanLabel(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")
    /// let total = CPUProfiler.withSpanLabel(label) { price(cart) }
    /// ```
    public static func withSpanLabel<Result: ~Copyable, Failure: Error>(
        _ label: SpanLabel?,
        _ body: () throws(Failure) -> Result
    ) throws(Failure) -> Result {
        let previous = currentSpanLabel
        setCurrentSpanLabel(label)
        defer { setCurrentSpanLabel(previous) }
        return try body()
    }
}
