public import FlightRecorder

/// `/debug/flightrecorder`: the whole recording, `?format=otlp` (default; replayable to a collector's
/// `/v1/traces`) or `?format=chrome` (Perfetto). Counted in `kit.flightrecorder.dumps{trigger="http"}`.
public struct FlightRecorderEndpoint: DiagnosticsEndpoint {
    let recorder: FlightRecorder

    /// Creates the endpoint.
    public init(recorder: FlightRecorder) {
        self.recorder = recorder
    }

    /// `flightrecorder`.
    public var path: String { "flightrecorder" }
    /// The index line.
    public var summary: String { "flight recorder dump: recent spans (sampled or not), logs, task events, runtime samples; ?format=otlp|chrome" }
    /// Both formats.
    public var bundleRequests: [DiagnosticsRequest] {
        [DiagnosticsRequest(query: ["format": "otlp"]), DiagnosticsRequest(query: ["format": "chrome"])]
    }

    /// Dumps the recorder.
    public func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let format: FlightRecorder.DumpFormat
        switch request.query["format"] ?? "otlp" {
        case "otlp", "json": format = .otlpJSON
        case "chrome", "perfetto": format = .chromeTrace
        case let other: throw .badRequest("format=\(other) is not valid: use format=otlp or format=chrome")
        }
        recorder.countDump(trigger: "http")
        var response = DiagnosticsResponse.json(recorder.dump(format: format))
        response.fileExtension = String(format.fileSuffix.dropFirst())
        return response
    }
}
