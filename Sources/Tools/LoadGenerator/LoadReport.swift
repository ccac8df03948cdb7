import Foundation

/// The final figures of a run (`--json` prints this object).
struct LoadReport: Codable, Sendable {
    /// `open model, 300 checkouts/s` or `closed model, 8 clients`.
    var model: String
    var target: String
    /// The measured load phase (warm-up and the final wait for sagas excluded).
    var durationSeconds: Double
    var sent: Int
    var accepted: Int
    /// Accepted checkouts per second.
    var acceptedPerSecond: Double
    var confirmed: Int
    var failed: Int
    /// Sagas that ended (confirmed or failed) per second of the load phase.
    var sagasPerSecond: Double
    /// Error counts by kind: `http <status>`, `timeout`, `transport (...)`, `saga failed (<reason>)`, `saga timeout`, `dropped ...`.
    var errors: [String: Int]
    /// POST /checkout latency (answered requests).
    var post: LatencySummary
    /// From the start of the POST to `order.confirmed` at the listener.
    var checkoutToConfirmed: LatencySummary
    /// From the start of the POST to `order.failed` at the listener.
    var checkoutToFailed: LatencySummary

    init(snapshot: LoadRecorder.State, model: String, target: String, elapsed: Duration) {
        let seconds = max(LoadDriver.seconds(elapsed), 0.001)
        self.model = model
        self.target = target
        durationSeconds = seconds
        sent = snapshot.sent
        accepted = snapshot.accepted
        acceptedPerSecond = Double(snapshot.accepted) / seconds
        confirmed = snapshot.confirmed
        failed = snapshot.failed
        sagasPerSecond = Double(snapshot.confirmed + snapshot.failed) / seconds
        errors = snapshot.errors
        post = snapshot.post.summary
        checkoutToConfirmed = snapshot.toConfirmed.summary
        checkoutToFailed = snapshot.toFailed.summary
    }

    /// The human-readable report.
    var text: String {
        func f(_ value: Double) -> String { String(format: "%9.2f", value) }
        func row(_ name: String, _ s: LatencySummary) -> String {
            name.padding(toLength: 24, withPad: " ", startingAt: 0) + f(s.p50) + f(s.p90) + f(s.p99) + f(s.p999) + f(s.max) + String(repeating: " ", count: max(0, 9 - String(s.count).count)) + String(s.count)
        }
        let errorLines = errors.isEmpty ? "  none" : errors.sorted { $0.key < $1.key }.map { "  \($0.key): \($0.value)" }.joined(separator: "\n")
        return """
            loadgen: \(model) for \(String(format: "%.1f", durationSeconds)) s against \(target) (warm-up excluded)
            throughput: sent \(sent), accepted \(accepted) (\(String(format: "%.1f", acceptedPerSecond))/s); sagas ended \(confirmed + failed) (\(String(format: "%.1f", sagasPerSecond))/s): confirmed \(confirmed), failed \(failed)
            errors:
            \(errorLines)
            latency (ms)                  p50      p90      p99    p99.9      max    count
            \(row("POST /checkout", post))
            \(row("checkout-to-confirmed", checkoutToConfirmed))
            \(row("checkout-to-failed", checkoutToFailed))
            """
    }
}
