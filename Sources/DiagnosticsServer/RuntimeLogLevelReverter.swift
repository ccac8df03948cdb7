public import FlightRecorder
public import ServiceLifecycle

/// Reverts a temporary log level when its time-to-live runs out (checks once a second).
public struct RuntimeLogLevelReverter: Service {
    let level: RuntimeLogLevel
    let interval: Duration

    /// Creates the reverter.
    public init(level: RuntimeLogLevel, interval: Duration = .seconds(1)) {
        self.level = level
        self.interval = interval
    }

    /// Checks until graceful shutdown.
    public func run() async throws {
        while !Task.isShuttingDownGracefully, !Task.isCancelled {
            level.revertIfExpired(now: .now)
            do { try await Task.sleep(for: interval) } catch { return }
        }
    }
}
