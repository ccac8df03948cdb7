import ServiceLifecycle

/// The last service of the group, so the first told to stop: it turns `/readyz` to 503, waits the
/// configured delay for load balancers to notice, then lets the listeners drain.
struct ShutdownGate: Service {
    let readiness: Readiness
    let delay: Duration

    func run() async throws {
        try? await gracefulShutdown()
        readiness.beginShutdown()
        if delay > .zero {
            try? await Task.sleep(for: delay)
        }
    }
}
