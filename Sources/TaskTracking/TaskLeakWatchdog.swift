public import Logging
public import ServiceLifecycle

/// Periodically flags tracked tasks past their deadline or older than a threshold as suspected leaks:
/// each is counted once in `kit.tasks.leaks.suspected`, logged as a warning with its creation site,
/// age and trace id, and handed to the registry's ``TaskLifecycleObserver`` and to `onSuspectedLeak`
/// (the flight recorder's trigger).
///
/// ```swift
/// let watchdog = TaskLeakWatchdog(configuration: .init(maximumAge: .seconds(300), exemptNames: ["http.serve"]), logger: logger)
/// // add it to the ServiceGroup
/// ```
public struct TaskLeakWatchdog<C: Clock>: Service where C.Duration == Duration {
    /// What counts as a leak and how often to look.
    public struct Configuration: Sendable, Equatable {
        /// Tasks older than this are flagged unless their name is exempt (`TASK_LEAK_AGE_SECONDS`, default 300 s).
        public var maximumAge: Duration
        /// Time between scans (default 10 s).
        public var interval: Duration
        /// Names of intentionally long-lived tasks (servers, consumers): never flagged for age, only past a deadline.
        public var exemptNames: Set<String>

        /// Creates a configuration.
        public init(maximumAge: Duration = .seconds(300), interval: Duration = .seconds(10), exemptNames: Set<String> = []) {
            self.maximumAge = maximumAge
            self.interval = interval
            self.exemptNames = exemptNames
        }
    }

    /// The settings.
    public let configuration: Configuration
    let registry: TaskRegistry
    let clock: C
    let logger: Logger
    let onSuspectedLeak: (@Sendable (SuspectedTaskLeak) -> Void)?

    /// Creates a watchdog that sleeps on `clock` between scans.
    public init(
        configuration: Configuration = .init(),
        registry: TaskRegistry = .shared,
        clock: C,
        logger: Logger,
        onSuspectedLeak: (@Sendable (SuspectedTaskLeak) -> Void)? = nil
    ) {
        self.configuration = configuration
        self.registry = registry
        self.clock = clock
        self.logger = logger
        self.onSuspectedLeak = onSuspectedLeak
    }

    /// Scans every `interval` until graceful shutdown or cancellation.
    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await clock.sleep(for: configuration.interval)
                } catch {
                    return
                }
                scan()
            }
        }
    }

    /// Flags and reports the tasks that became suspects since the last scan, as seen at `now`.
    @discardableResult
    public func scan(at now: ContinuousClock.Instant = .now) -> [SuspectedTaskLeak] {
        let leaks = registry.flagSuspects(at: now, maximumAge: configuration.maximumAge, exempt: configuration.exemptNames)
        guard !leaks.isEmpty else { return [] }
        let observer = registry.observer
        for leak in leaks {
            registry.countLeak(named: leak.task.name)
            var metadata: Logger.Metadata = [
                "task.name": .string(leak.task.name),
                "task.site": .string(leak.task.site),
                "task.age_seconds": .stringConvertible(TaskSnapshot.seconds(leak.age)),
                "task.leak_reason": .string(leak.reason.rawValue),
            ]
            if let traceID = leak.task.traceID { metadata["trace_id"] = .string(traceID) }
            if let spanID = leak.task.spanID { metadata["span_id"] = .string(spanID) }
            logger.warning("suspected leak", metadata: metadata)
            observer?.taskSuspectedLeak(leak)
            onSuspectedLeak?(leak)
        }
        return leaks
    }
}

extension TaskLeakWatchdog where C == ContinuousClock {
    /// Creates a watchdog on the continuous clock.
    public init(
        configuration: Configuration = .init(),
        registry: TaskRegistry = .shared,
        logger: Logger,
        onSuspectedLeak: (@Sendable (SuspectedTaskLeak) -> Void)? = nil
    ) {
        self.init(configuration: configuration, registry: registry, clock: ContinuousClock(), logger: logger, onSuspectedLeak: onSuspectedLeak)
    }
}
