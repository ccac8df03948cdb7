import CoreMetrics

/// The metric handlers of one task name, created once per registry and cached by it.
///
/// The handlers are called directly (no swift-metrics wrapper in between). `kit.tasks.live` is set,
/// not incremented: the registry counts live tasks per name under its lock (``liveCount``) and sets
/// the gauge there, so sets are ordered and a scrape always reads the current count.
final class TaskNameMetrics: @unchecked Sendable {  // `liveCount` is read and written only under the registry's lock.
    static let liveLabel = "kit.tasks.live"
    static let startedLabel = "kit.tasks.started"
    static let durationLabel = "kit.tasks.duration"
    static let leaksLabel = "kit.tasks.leaks.suspected"
    static let nameDimension = "task.name"

    let name: String
    let live: any MeterHandler
    let started: any CounterHandler
    let duration: any TimerHandler
    let leaks: any CounterHandler
    /// Live tasks of this name (guarded by the registry's lock).
    var liveCount = 0

    init(name: String, factory: any MetricsFactory) {
        self.name = name
        let dimensions = [(Self.nameDimension, name)]
        live = factory.makeMeter(label: Self.liveLabel, dimensions: dimensions)
        started = factory.makeCounter(label: Self.startedLabel, dimensions: dimensions)
        duration = factory.makeTimer(label: Self.durationLabel, dimensions: dimensions)
        leaks = factory.makeCounter(label: Self.leaksLabel, dimensions: dimensions)
    }

    /// Counts a task of this name in or out (under the registry's lock) and sets the gauge.
    @inline(__always)
    func addLive(_ delta: Int) {
        liveCount &+= delta
        live.set(Int64(liveCount))
    }
}
