import TelemetryCore

/// Reads a `postgres://` URL; every error names the variable and never shows the password.
struct PostgresURLParser {
    let variable: String

    static let accepted = "expected postgres://user:password@host:port/database?sslmode=disable|prefer|require"

    func parse(_ url: String) throws(ConfigurationError) -> PostgresSettings {
        let shown = Self.masked(url)
        func fail(_ why: String) -> ConfigurationError {
            ConfigurationError(variable: variable, value: shown, accepted: "\(why); \(Self.accepted)")
        }
        guard let schemeEnd = url.firstRange(of: "://") else { throw fail("no scheme") }
        let scheme = url[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else { throw fail("unsupported scheme \"\(scheme)\"") }
        var rest = url[schemeEnd.upperBound...]
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        guard let slash = rest.firstIndex(of: "/") else { throw fail("no database name") }
        let authority = rest[..<slash]
        let database = try decode(rest[rest.index(after: slash)...], fail)
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database name") }
        guard let at = authority.lastIndex(of: "@") else { throw fail("no user name") }
        let userInfo = authority[..<at]
        let hostPort = authority[authority.index(after: at)...]
        let username: String
        var password: String?
        if let colon = userInfo.firstIndex(of: ":") {
            username = try decode(userInfo[..<colon], fail)
            password = try decode(userInfo[userInfo.index(after: colon)...], fail)
        } else {
            username = try decode(userInfo, fail)
        }
        guard !username.isEmpty else { throw fail("no user name") }
        let (host, port) = try splitHostPort(hostPort, fail)
        var settings = PostgresSettings(host: host, port: port, username: username, password: password, database: database)
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            let key = parts[0]
            let value = parts.count > 1 ? String(parts[1]) : ""
            switch key {
            case "sslmode":
                guard let mode = PostgresSettings.TLSMode(rawValue: value) else { throw fail("unsupported sslmode \"\(value)\"") }
                settings.tls = mode
            case "pool_max_conns":
                guard let count = Int(value), (1...1000).contains(count) else { throw fail("pool_max_conns must be 1...1000") }
                settings.maximumConnections = count
            default:
                throw fail("unknown parameter \"\(key)\"")
            }
        }
        return settings
    }

    private func splitHostPort(_ text: Substring, _ fail: (String) -> ConfigurationError) throws(ConfigurationError) -> (String, Int) {
        var host = text
        var portText: Substring?
        if text.hasPrefix("[") {
            guard let close = text.firstIndex(of: "]") else { throw fail("unclosed [ in host") }
            host = text[text.index(after: text.startIndex)..<close]
            let after = text[text.index(after: close)...]
            if after.hasPrefix(":") { portText = after.dropFirst() } else if !after.isEmpty { throw fail("bad host") }
        } else if let colon = text.lastIndex(of: ":") {
            host = text[..<colon]
            portText = text[text.index(after: colon)...]
        }
        guard !host.isEmpty else { throw fail("no host") }
        guard let portText else { return (String(host), 5432) }
        guard let port = Int(portText), (1...65535).contains(port) else { throw fail("port must be 1...65535") }
        return (String(host), port)
    }

    private func decode(_ text: Substring, _ fail: (String) -> ConfigurationError) throws(ConfigurationError) -> String {
        guard text.contains("%") else { return String(text) }
        var bytes: [UInt8] = []
        var iterator = text.utf8.makeIterator()
        while let byte = iterator.next() {
            guard byte == UInt8(ascii: "%") else { bytes.append(byte); continue }
            guard let high = iterator.next().flatMap(Self.hexValue), let low = iterator.next().flatMap(Self.hexValue) else {
                throw fail("bad percent-encoding")
            }
            bytes.append(high << 4 | low)
        }
        guard let decoded = String(validating: bytes, as: UTF8.self) else { throw fail("percent-encoding is not UTF-8") }
        return decoded
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    /// The URL with whatever sits between the user's `:` and the `@` replaced by `***`.
    static func masked(_ url: String) -> String {
        guard let schemeEnd = url.firstRange(of: "://") else { return url }
        let afterScheme = url[schemeEnd.upperBound...]
        let authorityEnd = afterScheme.firstIndex(where: { $0 == "/" || $0 == "?" }) ?? afterScheme.endIndex
        let authority = afterScheme[..<authorityEnd]
        guard let at = authority.lastIndex(of: "@"), let colon = authority[..<at].firstIndex(of: ":") else { return url }
        return String(url[..<authority.index(after: colon)]) + "***" + String(url[at...])
    }
}
