/// `/debug/config`: the effective configuration, secrets redacted (any key containing TOKEN, PASSWORD,
/// SECRET or KEY, and the password of any URL).
public struct ConfigEndpoint: DiagnosticsEndpoint {
    let values: [String: String]

    /// Creates the endpoint from the effective settings (redacted here, once).
    public init(values: [String: String]) {
        self.values = Self.redact(values)
    }

    /// `config`.
    public var path: String { "config" }
    /// The index line.
    public var summary: String { "effective configuration, secrets redacted" }

    /// Renders the settings.
    public func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        if request.wantsJSON { return .json(object: values) }
        return .text(values.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)\n" }.joined())
    }

    /// The placeholder for a hidden value.
    public static let redacted = "[REDACTED]"

    /// Hides secret values and URL passwords.
    public static func redact(_ values: [String: String]) -> [String: String] {
        var result: [String: String] = [:]
        for (key, value) in values {
            let upper = key.uppercased()
            if ["TOKEN", "PASSWORD", "SECRET", "KEY"].contains(where: { upper.contains($0) }) {
                result[key] = redacted
            } else {
                result[key] = redactURLPassword(value)
            }
        }
        return result
    }

    /// `postgres://user:pw@host/db` -> `postgres://user:[REDACTED]@host/db`.
    static func redactURLPassword(_ value: String) -> String {
        guard let scheme = value.range(of: "://") else { return value }
        let rest = value[scheme.upperBound...]
        let authorityEnd = rest.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? rest.endIndex
        let authority = rest[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return value }
        return String(value[..<authority.index(after: colon)]) + redacted + String(value[at...])
    }
}
