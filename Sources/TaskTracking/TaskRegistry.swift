public import CoreMetrics
public import ServiceContextModule
import Synchronization
public import TelemetryCore
import Tracing

/// The live tracked tasks of a process: what `/debug/tasks`, the leak watchdog and the test helper read.
///
/// One per process (``shared``) unless a test binds its own with ``withCurrent(_:)``; tasks register
/// in the registry their creator runs under, and their children inherit it.
///
/// ```swift
/// let registry = TaskRegistry(metricsFactory: TestMetrics())
/// try await registry.withCurrent {
///     try await withThrowingDiscardingTaskGroup { group in
///         group.addTrackedTask("orders.consume") { try await consume() }
///     }
/// }
/// ```
public final class TaskRegistry: Sendable {
    struct State {
        var slab: TaskSlab
        var names = TaskNameTable()
    }

    /// The process's registry, used unless a task runs under another one.
    public static let shared = TaskRegistry()

    /// ``shared`` without reference counting: every thread starting a task would otherwise write its
    /// reference count (it lives for the whole process).
    static let unretainedShared = Unmanaged.passUnretained(shared)

    /// The registry new tracked tasks of the current task register in.
    public static var current: TaskRegistry { TrackingScope.current.registry ?? shared }

    let state: Mutex<State>
    let metricsFactory: (any MetricsFactory)?
    let identify: (@Sendable (ServiceContext) -> SpanIdentity?)?
    private let observerBox = Mutex<(any TaskLifecycleObserver)?>(nil)
    /// Whether an observer is installed: one relaxed load per start and finish when none is.
    private let hasObserver = Atomic<Bool>(false)

    /// Creates a registry.
    /// - Parameters:
    ///   - capacity: Slots preallocated for live tasks (the slab doubles past it).
    ///   - metricsFactory: Where the `kit.tasks.*` metrics go; nil: `MetricsSystem.factory` when a name is first used.
    ///   - identify: Reads trace and span ids from a task's context; nil: the bootstrapped tracer when it is an
    ///     ``IdentifyingTracer``.
    public init(
        capacity: Int = 1024,
        metricsFactory: (any MetricsFactory)? = nil,
        identify: (@Sendable (ServiceContext) -> SpanIdentity?)? = nil
    ) {
        state = Mutex(State(slab: TaskSlab(capacity: capacity)))
        self.metricsFactory = metricsFactory
        self.identify = identify
    }

    /// Installs (or removes, with nil) the lifecycle observer; called at bootstrap.
    public func setObserver(_ observer: (any TaskLifecycleObserver)?) {
        observerBox.withLock { box in
            box = observer
            hasObserver.store(observer != nil, ordering: .releasing)
        }
    }

    /// The installed lifecycle observer.
    var observer: (any TaskLifecycleObserver)? {
        hasObserver.load(ordering: .acquiring) ? observerBox.withLock { $0 } : nil
    }

    /// The number of live tracked tasks.
    public var liveCount: Int { state.withLock { $0.slab.count } }

    /// Runs `body` with this registry as the one tracked tasks register in (tests; the default is ``shared``).
    @discardableResult
    public func withCurrent<T>(
        isolation: isolated (any Actor)? = #isolation,
        _ body: () async throws -> T
    ) async rethrows -> T {
        var scope = TrackingScope.current
        scope.registry = self
        return try await TrackingScope.$current.withValue(scope, operation: body, isolation: isolation)
    }

    func begin(
        _ name: StaticString, fileID: StaticString, line: UInt,
        deadline: ContinuousClock.Instant?, parent: TrackingScope
    ) -> TrackedTaskTicket {
        let start = TaskClock.now()
        let deadline = deadline.map { TaskClock.epoch.duration(to: $0) }
        let context = ServiceContext.current
        let (id, metrics) = state.withLock { state in
            let metrics = state.names.metrics(name, factory: metricsFactory ?? MetricsSystem.factory)
            let id = metrics._withUnsafeGuaranteedRef { metrics in
                metrics.addLive(1)
                return state.slab.insert(
                    TrackedTaskEntry(
                        name: name, fileID: fileID, line: line, start: start, deadline: deadline,
                        context: context, scope: parent.scope, parent: parent.task, metrics: metrics
                    )
                )
            }
            return (id, metrics)
        }
        metrics._withUnsafeGuaranteedRef { $0.started.increment(by: 1) }
        if hasObserver.load(ordering: .relaxed), let observer {
            observer.taskStarted(id, TrackedTaskInfo(name: name, fileID: fileID, line: line, startNanoseconds: start, deadlineOffset: deadline))
        }
        return TrackedTaskTicket(
            id: id, start: start, metrics: metrics,
            local: TrackingScope(registry: parent.registry, scope: parent.scope, task: id)
        )
    }

    func end(_ ticket: TrackedTaskTicket) {
        let end = TaskClock.now()
        let info: TrackedTaskInfo? = ticket.metrics._withUnsafeGuaranteedRef { metrics in
            let info: TrackedTaskInfo?
            if hasObserver.load(ordering: .relaxed) {
                info = state.withLock { state in
                    let info = state.slab.entry(ticket.id)?.info
                    if state.slab.remove(ticket.id) { metrics.addLive(-1) }
                    return info
                }
            } else {
                info = nil
                state.withLock { state in
                    if state.slab.remove(ticket.id) { metrics.addLive(-1) }
                }
            }
            metrics.duration.recordNanoseconds(end &- ticket.start)
            return info
        }
        if let info, let observer {
            observer.taskFinished(ticket.id, info, duration: .nanoseconds(end &- ticket.start))
        }
    }

    /// The trace identity of `context`, through `identify` or the bootstrapped tracer.
    func identity(of context: ServiceContext?) -> SpanIdentity? {
        guard let context else { return nil }
        if let identify { return identify(context) }
        return (InstrumentationSystem.tracer as? any IdentifyingTracer)?.identity(of: context)
    }
}
