import CoreMetrics

/// The metric handles of one task name, created once and cached by the registry.
final class TaskNameMetrics: Sendable {
    static let liveLabel = "kit.tasks.live"
    static let startedLabel = "kit.tasks.started"
    static let durationLabel = "kit.tasks.duration"
    static let leaksLabel = "kit.tasks.leaks.suspected"
    static let nameDimension = "task.name"

    let name: String
    let live: Meter
    let started: Counter
    let duration: Timer
    let leaks: Counter

    init(name: String, factory: any MetricsFactory) {
        self.name = name
        let dimensions = [(Self.nameDimension, name)]
        live = Meter(label: Self.liveLabel, dimensions: dimensions, factory: factory)
        started = Counter(label: Self.startedLabel, dimensions: dimensions, factory: factory)
        duration = Timer(label: Self.durationLabel, dimensions: dimensions, factory: factory)
        leaks = Counter(label: Self.leaksLabel, dimensions: dimensions, factory: factory)
    }
}
