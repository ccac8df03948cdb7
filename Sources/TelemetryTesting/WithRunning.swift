package import ServiceLifecycle
import Logging

/// Runs `services` in a `ServiceGroup` (started in order, stopped in reverse) around `body`, then shuts
/// them down gracefully, also when `body` throws.
@discardableResult
package func withRunning<Result: Sendable>(_ services: [any Service], _ body: () async throws -> Result) async throws -> Result {
    let group = ServiceGroup(
        configuration: ServiceGroupConfiguration(
            services: services.map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
            logger: Logger(label: "tests")
        )
    )
    return try await withThrowingTaskGroup(of: Void.self) { tasks in
        tasks.addTask { try await group.run() }
        do {
            let result = try await body()
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
            return result
        } catch {
            await group.triggerGracefulShutdown()
            try? await tasks.waitForAll()
            throw error
        }
    }
}
