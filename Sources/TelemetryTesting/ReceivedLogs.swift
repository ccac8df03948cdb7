import Foundation

/// The log records the real OTLP receiver (rotel, started by scripts/test.sh) wrote to `OTLP_RECEIVED_LOGS`,
/// one JSON object per line (format documented in scripts/otlp-receiver/record_logs.py).
package struct ReceivedLogs {
    /// One received log record.
    package struct Record {
        package var body: String
        package var severityText: String
        package var severityNumber: Int
        package var traceID: String
        package var spanID: String
        package var attributes: [String: Any]
        package var resource: [String: Any]
        package var timeUnixNano: Int
    }

    /// The path of the receiver's log records file, or nil when the tests run without the test script.
    package static var file: String? { ProcessInfo.processInfo.environment["OTLP_RECEIVED_LOGS"] }

    /// Every record in `file` so far.
    package static func read(from file: String) -> [Record] {
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        return data.split(separator: UInt8(ascii: "\n")).compactMap { line in
            guard let object = (try? JSONSerialization.jsonObject(with: Data(line))) as? [String: Any],
                let body = object["body"] as? String
            else { return nil }
            return Record(
                body: body,
                severityText: object["severity_text"] as? String ?? "",
                severityNumber: object["severity_number"] as? Int ?? 0,
                traceID: object["trace_id"] as? String ?? "",
                spanID: object["span_id"] as? String ?? "",
                attributes: object["attributes"] as? [String: Any] ?? [:],
                resource: object["resource"] as? [String: Any] ?? [:],
                timeUnixNano: object["time_unix_nano"] as? Int ?? 0
            )
        }
    }

    /// Waits until a record of `serviceName` matching `predicate` has arrived.
    package static func waitFor(
        serviceName: String, in file: String, timeout: Duration = .seconds(20), where predicate: (Record) -> Bool
    ) async throws -> Record {
        try await poll(timeout: timeout, what: "a log record of \(serviceName) at the OTLP receiver") {
            read(from: file).first { $0.resource["service.name"] as? String == serviceName && predicate($0) }
        }
    }
}
