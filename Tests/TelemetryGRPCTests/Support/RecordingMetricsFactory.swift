import CoreMetrics
import Synchronization

/// A metrics backend for tests that keeps every timer it made and every value recorded.
final class RecordingMetricsFactory: MetricsFactory {
    /// One timer handle and what it recorded.
    final class RecordingTimer: TimerHandler {
        let label: String
        let dimensions: [(String, String)]
        private let recorded = Mutex<[Int64]>([])

        init(label: String, dimensions: [(String, String)]) {
            self.label = label
            self.dimensions = dimensions
        }

        var values: [Int64] { recorded.withLock { $0 } }

        func recordNanoseconds(_ duration: Int64) {
            recorded.withLock { $0.append(duration) }
        }
    }

    private let made = Mutex<[RecordingTimer]>([])

    /// Every timer handle made so far.
    var timers: [RecordingTimer] { made.withLock { $0 } }

    /// The timer handles made under `label`.
    func timers(label: String) -> [RecordingTimer] {
        timers.filter { $0.label == label }
    }

    func makeTimer(label: String, dimensions: [(String, String)]) -> any TimerHandler {
        let timer = RecordingTimer(label: label, dimensions: dimensions)
        made.withLock { $0.append(timer) }
        return timer
    }

    func makeCounter(label: String, dimensions: [(String, String)]) -> any CounterHandler { IgnoringHandler() }
    func makeRecorder(label: String, dimensions: [(String, String)], aggregate: Bool) -> any RecorderHandler {
        IgnoringHandler()
    }
    func destroyCounter(_ handler: any CounterHandler) {}
    func destroyRecorder(_ handler: any RecorderHandler) {}
    func destroyTimer(_ handler: any TimerHandler) {}

    private final class IgnoringHandler: CounterHandler, RecorderHandler {
        func increment(by amount: Int64) {}
        func reset() {}
        func record(_ value: Int64) {}
        func record(_ value: Double) {}
    }
}
