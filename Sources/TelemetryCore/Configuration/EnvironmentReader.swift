/// Reads typed values out of an environment dictionary, failing with a ``ConfigurationError``.
public struct EnvironmentReader: Sendable {
    /// The variables read.
    public let environment: [String: String]

    /// Wraps an environment (normally `ProcessInfo.processInfo.environment`, read once in `main`).
    public init(_ environment: [String: String]) {
        self.environment = environment
    }

    /// The trimmed value, or nil when unset or empty.
    public func string(_ name: String) -> String? {
        guard let value = environment[name]?.trimmingSpaces, !value.isEmpty else { return nil }
        return value
    }

    /// One of `choices` (case-insensitive), or `defaultValue` when unset.
    public func choice(_ name: String, _ choices: [String], default defaultValue: String) throws(ConfigurationError) -> String {
        guard let value = string(name) else { return defaultValue }
        guard let match = choices.first(where: { $0 == value.lowercased() }) else {
            throw ConfigurationError(variable: name, value: value, accepted: "accepted values are \(choices.joined(separator: ", "))")
        }
        return match
    }

    /// A TCP port (1...65535, or 0 for "any free port" when allowed), or `defaultValue` when unset.
    public func port(_ name: String, default defaultValue: Int, allowingZero: Bool = false) throws(ConfigurationError) -> Int {
        guard let value = string(name) else { return defaultValue }
        let lowest = allowingZero ? 0 : 1
        guard let port = Int(value), (lowest...65535).contains(port) else {
            throw ConfigurationError(variable: name, value: value, accepted: "expected a port number from \(lowest) to 65535")
        }
        return port
    }

    /// A number within `range`, or `defaultValue` when unset.
    public func double(_ name: String, in range: ClosedRange<Double>, default defaultValue: Double) throws(ConfigurationError) -> Double {
        guard let value = string(name) else { return defaultValue }
        guard let number = Double(value), range.contains(number) else {
            throw ConfigurationError(variable: name, value: value, accepted: "expected a number from \(range.lowerBound) to \(range.upperBound)")
        }
        return number
    }

    /// A boolean (`true`/`false`, case-insensitive), or `defaultValue` when unset.
    public func bool(_ name: String, default defaultValue: Bool) throws(ConfigurationError) -> Bool {
        guard let value = string(name) else { return defaultValue }
        switch value.lowercased() {
        case "true": return true
        case "false": return false
        default: throw ConfigurationError(variable: name, value: value, accepted: "accepted values are true, false")
        }
    }

    /// An `http://` or `https://` URL with a host, or `defaultValue` when unset.
    public func url(_ name: String, default defaultValue: String?) throws(ConfigurationError) -> String? {
        guard let value = string(name) else { return defaultValue }
        let accepted = "expected an http:// or https:// URL with a host, e.g. http://otel-collector:4317"
        guard let schemeEnd = value.firstRange(of: "://") else {
            throw ConfigurationError(variable: name, value: value, accepted: accepted)
        }
        let scheme = value[..<schemeEnd.lowerBound].lowercased()
        let rest = value[schemeEnd.upperBound...]
        let authority = rest.prefix { $0 != "/" }
        let host = authority.hasPrefix("[") ? authority.prefix { $0 != "]" } : authority.prefix { $0 != ":" }
        let port = authority.hasPrefix("[") ? authority.drop { $0 != "]" }.dropFirst() : authority.drop { $0 != ":" }
        guard scheme == "http" || scheme == "https", !host.isEmpty, !host.contains(where: { $0 == " " || $0 == "@" }),
            port.isEmpty || (port.first == ":" && Int(port.dropFirst()).map { (1...65535).contains($0) } == true)
        else {
            throw ConfigurationError(variable: name, value: value, accepted: accepted)
        }
        return value
    }
}

extension String {
    var trimmingSpaces: String {
        var view = Substring(self)
        while view.first?.isWhitespace == true { view.removeFirst() }
        while view.last?.isWhitespace == true { view.removeLast() }
        return String(view)
    }
}
