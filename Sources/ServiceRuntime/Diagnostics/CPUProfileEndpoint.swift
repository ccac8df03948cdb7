import DiagnosticsServer
import Profiling

/// `/debug/pprof/profile?seconds=N[&hz=F]`: a sampling CPU profile in pprof protobuf format.
///
/// Readable by `go tool pprof` and Grafana Pyroscope; samples carry `trace_id`/`span_id` labels where a
/// span was active. One profile at a time (409 otherwise); `seconds` 1...60 (default 30, as Go's).
struct CPUProfileEndpoint: DiagnosticsEndpoint {
    static let defaultSeconds = 30

    var path: String { "pprof/profile" }
    var summary: String { "CPU profile in pprof protobuf format (?seconds=N, at most 60; ?hz=F, default 100)" }
    /// The bundle carries a one-second profile, so building it stays quick.
    var bundleRequests: [DiagnosticsRequest] { [DiagnosticsRequest(query: ["seconds": "1"])] }

    func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let seconds = try Self.integer(request.query["seconds"], name: "seconds", default: Self.defaultSeconds)
        let hertz = try Self.integer(request.query["hz"], name: "hz", default: CPUProfiler.defaultFrequency)
        do {
            let profile = try await CPUProfiler().profile(duration: .seconds(seconds), frequency: hertz)
            return DiagnosticsResponse(contentType: "application/octet-stream", body: profile, fileExtension: "pb")
        } catch {
            throw Self.map(error)
        }
    }

    static func integer(_ text: String?, name: String, default value: Int) throws(DiagnosticsError) -> Int {
        guard let text else { return value }
        guard let number = Int(text) else {
            throw .badRequest("\(name)=\"\(text)\" is not a whole number")
        }
        return number
    }

    static func map(_ error: ProfilingError) -> DiagnosticsError {
        switch error.code {
        case .busy:
            DiagnosticsError(status: 409, message: "a CPU profile is already running; try again when it ends")
        case .invalidDuration:
            .badRequest("seconds must be between 1 and \(CPUProfiler.maximumDuration.components.seconds): \(error.message)")
        case .invalidFrequency:
            .badRequest("hz must be between 1 and \(CPUProfiler.maximumFrequency): \(error.message)")
        default:
            DiagnosticsError(status: 500, message: "the CPU profile failed: \(error)")
        }
    }
}
