import Foundation

/// The spans the real OTLP receiver (rotel, started by scripts/test.sh) wrote to `OTLP_RECEIVED_SPANS`,
/// one JSON object per line (format documented in scripts/otlp-receiver/record_spans.py).
package struct ReceivedSpans {
    /// One received span.
    package struct Span {
        package var traceID: String
        package var spanID: String
        package var parentSpanID: String
        package var name: String
        package var kind: String
        package var attributes: [String: Any]
        package var statusCode: String
        package var resource: [String: Any]
        /// Start time, nanoseconds since the Unix epoch.
        package var startTimeUnixNano: Int
        /// The `service.name` resource attribute.
        package var serviceName: String { resource["service.name"] as? String ?? "" }
    }

    /// The receiver's endpoints and file, or nil when the tests run without the test script.
    /// The receiver scripts/test.sh started.
    package struct Environment {
        package var grpcEndpoint: String
        package var httpEndpoint: String
        package var spansFile: String

        package static var current: Environment? {
            let environment = ProcessInfo.processInfo.environment
            guard let grpc = environment["OTLP_RECEIVER_GRPC_ENDPOINT"], let http = environment["OTLP_RECEIVER_HTTP_ENDPOINT"],
                let file = environment["OTLP_RECEIVED_SPANS"]
            else { return nil }
            return Environment(grpcEndpoint: grpc, httpEndpoint: http, spansFile: file)
        }
    }

    /// Every span in `file` so far.
    package static func read(from file: String) -> [Span] {
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                let traceID = object["trace_id"] as? String
            else { return nil }
            return Span(
                traceID: traceID,
                spanID: object["span_id"] as? String ?? "",
                parentSpanID: object["parent_span_id"] as? String ?? "",
                name: object["name"] as? String ?? "",
                kind: object["kind"] as? String ?? "",
                attributes: object["attributes"] as? [String: Any] ?? [:],
                statusCode: object["status_code"] as? String ?? "",
                resource: object["resource"] as? [String: Any] ?? [:],
                startTimeUnixNano: object["start_time_unix_nano"] as? Int ?? 0
            )
        }
    }

    /// Waits until at least `count` spans of `traceID` have arrived.
    package static func waitFor(traceID: String, count: Int, in file: String, timeout: Duration = .seconds(20)) async throws -> [Span] {
        try await poll(timeout: timeout, what: "\(count) span(s) of trace \(traceID) at the OTLP receiver") {
            let spans = read(from: file).filter { $0.traceID == traceID }
            return spans.count >= count ? spans : nil
        }
    }
}
