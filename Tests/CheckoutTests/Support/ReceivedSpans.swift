// A copy of Tests/ServiceRuntimeTests/Support/ReceivedSpans.swift (the platform helper moves it to a shared place).
import Foundation

/// The spans the real OTLP receiver (rotel, started by scripts/test.sh) wrote to `OTLP_RECEIVED_SPANS`,
/// one JSON object per line (format documented in scripts/otlp-receiver/record_spans.py).
struct ReceivedSpans {
    struct Span {
        var traceID: String
        var spanID: String
        var parentSpanID: String
        var name: String
        var kind: String
        var attributes: [String: Any]
        var statusCode: String
        var resource: [String: Any]
    }

    /// The receiver's endpoints and file, or nil when the tests run without the test script.
    struct Environment {
        var grpcEndpoint: String
        var httpEndpoint: String
        var spansFile: String

        static var current: Environment? {
            let environment = ProcessInfo.processInfo.environment
            guard let grpc = environment["OTLP_RECEIVER_GRPC_ENDPOINT"], let http = environment["OTLP_RECEIVER_HTTP_ENDPOINT"],
                let file = environment["OTLP_RECEIVED_SPANS"]
            else { return nil }
            return Environment(grpcEndpoint: grpc, httpEndpoint: http, spansFile: file)
        }
    }

    static func read(from file: String) -> [Span] {
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
                resource: object["resource"] as? [String: Any] ?? [:]
            )
        }
    }

    /// Waits until at least `count` spans of `traceID` have arrived.
    static func waitFor(traceID: String, count: Int, in file: String, timeout: Duration = .seconds(20)) async throws -> [Span] {
        try await poll(timeout: timeout, what: "\(count) span(s) of trace \(traceID) at the OTLP receiver") {
            let spans = read(from: file).filter { $0.traceID == traceID }
            return spans.count >= count ? spans : nil
        }
    }
}
