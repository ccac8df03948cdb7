public import FlightRecorder
import Logging

/// `/debug/loglevel`: GET the emitted log level; PUT or POST `?level=debug&ttl=300s` changes it for the
/// kit's handlers until the time-to-live runs out (default 300 s, at most 24 h).
public struct LogLevelEndpoint: DiagnosticsEndpoint {
    let level: RuntimeLogLevel
    let now: @Sendable () -> ContinuousClock.Instant

    /// The time-to-live when none is given.
    public static let defaultTTL: Duration = .seconds(300)
    /// The longest time-to-live accepted.
    public static let maximumTTL: Duration = .seconds(86_400)

    /// Creates the endpoint; `now` is injectable for tests.
    public init(level: RuntimeLogLevel, now: @escaping @Sendable () -> ContinuousClock.Instant = { .now }) {
        self.level = level
        self.now = now
    }

    /// `loglevel`.
    public var path: String { "loglevel" }
    /// The index line.
    public var summary: String { "read or change the log level (PUT ?level=debug&ttl=300s; reverts after the ttl)" }
    /// GET, PUT, POST.
    public var methods: [String] { ["GET", "PUT", "POST"] }

    /// Reads or changes the level.
    public func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        if request.method != "GET" {
            guard let name = request.query["level"] else {
                throw .badRequest("level is required: one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            guard let newLevel = Logger.Level(rawValue: name.lowercased()) else {
                throw .badRequest("level=\(name) is not valid: use one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            let ttl = try Self.parseTTL(request.query["ttl"])
            level.set(newLevel, ttl: ttl, now: now())
        }
        level.revertIfExpired(now: now())
        let remaining = level.expiry.map { max(0, Self.seconds($0 - now())) }
        if request.wantsJSON {
            var object: [String: Any] = ["level": level.level.rawValue, "base_level": level.baseLevel.rawValue]
            if let remaining { object["reverts_in_seconds"] = remaining }
            return .json(object: object)
        }
        let revert = remaining.map { " (reverts to \(level.baseLevel.rawValue) in \(Int($0.rounded())) s)" } ?? ""
        return .text("level: \(level.level.rawValue)\(revert)\n")
    }

    /// `300`, `300s`, `5m`, `1h`: a positive duration up to ``maximumTTL``.
    static func parseTTL(_ text: String?) throws(DiagnosticsError) -> Duration {
        guard let text, !text.isEmpty else { return defaultTTL }
        let unit = text.last.flatMap { $0.isLetter ? $0 : nil }
        let digits = unit == nil ? Substring(text) : text.dropLast()
        let scale: Double? = switch unit {
        case nil, "s": 1
        case "m": 60
        case "h": 3600
        default: nil
        }
        guard let scale, let value = Double(digits), value > 0, value * scale <= seconds(maximumTTL) else {
            throw .badRequest("ttl=\(text) is not valid: use a positive number of seconds up to 86400, e.g. ttl=300s, ttl=5m")
        }
        return .milliseconds(Int64(value * scale * 1000))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
