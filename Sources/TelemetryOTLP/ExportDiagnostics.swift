import CoreMetrics
import Logging
import Synchronization

/// Turns swift-otel's diagnostic log into a dropped-span metric and one log line per outage.
///
/// swift-otel reports a full queue ("Spans were dropped ...", `dropped_count`) and a failed export
/// ("Failed to export batch.", `batch_size`) only through its diagnostic logger; both mean spans lost.
/// The first loss of an outage is logged at warning, later ones are only counted, and the next
/// successful export logs that export resumed.
///
/// A value-type handler (each swift-otel component's logger copy keeps its own metadata, such as
/// `batch_size`) over one shared ``State``.
struct ExportDiagnostics: LogHandler {
    static let droppedSpansName = "otel_sdk_span_dropped_total"

    /// What every copy of the handler shares.
    final class State: Sendable {
        let droppedSpans: Counter
        let logger: Logger
        let inOutage = Mutex(false)

        init(droppedSpans: Counter, logger: Logger) {
            self.droppedSpans = droppedSpans
            self.logger = logger
        }
    }

    let state: State
    var metadata: Logger.Metadata = [:]
    var logLevel: Logger.Level = .debug

    init(droppedSpans: Counter, logger: Logger) {
        state = State(droppedSpans: droppedSpans, logger: logger)
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let merged = metadata.merging(event.metadata ?? [:]) { _, new in new }
        let message = event.message.description
        if message.hasPrefix("Spans were dropped") {
            recordLoss(count: merged["dropped_count"], reason: message)
        } else if message.hasPrefix("Failed to export batch") {
            recordLoss(count: merged["batch_size"], reason: message + " " + (merged["error"]?.description ?? ""))
        } else if message.hasPrefix("Exported batch") {
            if state.inOutage.withLock({ outage in defer { outage = false }; return outage }) {
                state.logger.info("OTLP span export resumed")
            }
        } else if event.level >= .error {
            state.logger.error("OTLP exporter: \(message)", metadata: merged)
        }
    }

    private func recordLoss(count: Logger.Metadata.Value?, reason: String) {
        let lost = count.flatMap { Int64($0.description) } ?? 1
        state.droppedSpans.increment(by: lost)
        let first = state.inOutage.withLock { outage in defer { outage = true }; return !outage }
        if first {
            state.logger.warning(
                "OTLP span export failing; dropped spans are counted in \(Self.droppedSpansName) until it recovers",
                metadata: ["reason": .string(reason), "dropped": .stringConvertible(lost)]
            )
        }
    }
}
