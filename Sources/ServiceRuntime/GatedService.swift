import ServiceLifecycle

/// Runs `inner` once `gate` opened (the database is migrated); ends quietly when shutdown comes first.
struct GatedService: Service {
    let gate: StartGate
    let inner: any Service

    func run() async throws {
        do {
            try await cancelWhenGracefulShutdown { try await gate.wait() }
        } catch {
            return
        }
        try await inner.run()
    }
}
