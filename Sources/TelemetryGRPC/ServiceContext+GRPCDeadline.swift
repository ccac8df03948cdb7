public import Instrumentation

extension ServiceContext {
    /// The deadline of the incoming call this task serves, on the continuous clock.
    ///
    /// ``TracingServerInterceptor`` sets it from the caller's `grpc-timeout`; ``TracingClientInterceptor``
    /// caps every outgoing call's timeout at what is left of it, and fails a call fast when it has
    /// passed. Other servers (HTTP) may set it too so their outgoing gRPC calls honour it.
    ///
    /// ```swift
    /// var context = ServiceContext.current ?? .topLevel
    /// context.grpcDeadline = .now + .seconds(2)
    /// try await ServiceContext.$current.withValue(context) { try await client.unary(...) }
    /// ```
    public var grpcDeadline: ContinuousClock.Instant? {
        get { self[GRPCDeadlineKey.self] }
        set { self[GRPCDeadlineKey.self] = newValue }
    }
}

private enum GRPCDeadlineKey: ServiceContextKey {
    typealias Value = ContinuousClock.Instant
    static let nameOverride: String? = "grpc-deadline"
}
