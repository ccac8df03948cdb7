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
        var metricsByAddress: [UInt: TaskNameMetrics] = [:]
        var metricsByName: [String: TaskNameMetrics] = [:]
        var observer: (any TaskLifecycleObserver)?
    }

    /// The process's registry, used unless a task runs under another one.
    public static let shared = TaskRegistry()

    /// The registry new tracked tasks of the current task register in.
    public static var current: TaskRegistry { TrackingScope.current.registry ?? shared }

    let state: Mutex<State>
    let metricsFactory: (any MetricsFactory)?
    let identify: (@Sendable (ServiceContext) -> SpanIdentity?)?

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
        state.withLock { $0.observer = observer }
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
        let start = ContinuousClock.now
        let context = ServiceContext.current
        let key = name.hasPointerRepresentation ? UInt(bitPattern: name.utf8Start) : UInt(name.unicodeScalar.value)
        let (id, metrics, observer) = state.withLock { state in
            let metrics = state.metricsByAddress[key] ?? metricsForNewAddress(key, name: name, in: &state)
            let entry = TrackedTaskEntry(
                name: name, fileID: fileID, line: line, start: start, deadline: deadline,
                context: context, scope: parent.scope, parent: parent.task, metrics: metrics
            )
            return (state.slab.insert(entry), metrics, state.observer)
        }
        metrics.started.increment()
        metrics.live.increment()
        if let observer {
            observer.taskStarted(id, TrackedTaskInfo(name: name, fileID: fileID, line: line, start: start, deadline: deadline))
        }
        return TrackedTaskTicket(
            registry: self, id: id, start: start, metrics: metrics,
            local: TrackingScope(registry: parent.registry, scope: parent.scope, task: id)
        )
    }

    func end(_ ticket: TrackedTaskTicket) {
        let (entry, observer) = state.withLock { state in (state.slab.remove(ticket.id), state.observer) }
        let duration = ContinuousClock.now - ticket.start
        ticket.metrics.live.decrement()
        let (seconds, attoseconds) = duration.components
        ticket.metrics.duration.recordNanoseconds(seconds &* 1_000_000_000 &+ attoseconds / 1_000_000_000)
        if let observer, let entry {
            observer.taskFinished(ticket.id, entry.info, duration: duration)
        }
    }

    private func metricsForNewAddress(_ key: UInt, name: StaticString, in state: inout State) -> TaskNameMetrics {
        let text = name.description
        let metrics = state.metricsByName[text] ?? TaskNameMetrics(name: text, factory: metricsFactory ?? MetricsSystem.factory)
        state.metricsByName[text] = metrics
        state.metricsByAddress[key] = metrics
        return metrics
    }

    /// The trace identity of `context`, through `identify` or the bootstrapped tracer.
    func identity(of context: ServiceContext?) -> SpanIdentity? {
        guard let context else { return nil }
        if let identify { return identify(context) }
        return (InstrumentationSystem.tracer as? any IdentifyingTracer)?.identity(of: context)
    }
}
