public import FlightRecorder

/// `/debug/tracez`: recent spans per name by latency bucket, error samples and running spans.
public struct TracezEndpoint: DiagnosticsEndpoint {
    let recorder: FlightRecorder

    /// Creates the endpoint.
    public init(recorder: FlightRecorder) {
        self.recorder = recorder
    }

    /// `tracez`.
    public var path: String { "tracez" }
    /// The index line.
    public var summary: String { "recent spans by latency bucket, error samples and running spans (zPages tracez)" }

    /// Renders the snapshot.
    public func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let snapshot = recorder.tracez()
        return request.wantsJSON ? .json(object: json(snapshot)) : .text(text(snapshot))
    }

    func json(_ snapshot: TracezSnapshot) -> [String: Any] {
        func sample(_ sample: TracezSnapshot.Sample) -> [String: Any] {
            [
                "name": sample.name, "trace_id": sample.traceID, "span_id": sample.spanID, "start_unix_nano": sample.startNanos,
                "duration_ns": sample.durationNanos, "sampled": sample.isSampled, "status_message": sample.statusMessage,
            ]
        }
        return [
            "buckets": TracezSnapshot.bucketLabels,
            "spans": snapshot.summaries.map { summary in
                [
                    "name": summary.name, "bucket_counts": summary.bucketCounts, "errors": summary.errorCount, "running": summary.runningCount,
                    "bucket_samples": summary.bucketSamples.map { $0.map(sample) }, "error_samples": summary.errorSamples.map(sample),
                ] as [String: Any]
            },
            "running": snapshot.running.map(sample),
        ]
    }

    func text(_ snapshot: TracezSnapshot) -> String {
        var out = "span name | " + TracezSnapshot.bucketLabels.joined(separator: " | ") + " | errors | running\n"
        for summary in snapshot.summaries {
            out += "\(summary.name) | " + summary.bucketCounts.map(String.init).joined(separator: " | ")
            out += " | \(summary.errorCount) | \(summary.runningCount)\n"
        }
        out += "\nerror samples:\n"
        for summary in snapshot.summaries {
            for sample in summary.errorSamples {
                out += "  \(sample.name) trace=\(sample.traceID) span=\(sample.spanID) \(sample.durationNanos / 1000)µs \(sample.statusMessage)\n"
            }
        }
        out += "\nrunning spans:\n"
        for sample in snapshot.running {
            out += "  \(sample.name) running for \(sample.durationNanos / 1_000_000) ms\n"
        }
        return out
    }
}
