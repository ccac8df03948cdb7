public import NIOHTTP1
public import TelemetryCore

/// AsyncHTTPClient's request headers as a trace-context carrier.
extension HTTPHeaders: PropagationCarrier {
    /// Every value of the header, compared case-insensitively, in order.
    public func values(forName name: String) -> [String] {
        self[name]
    }

    /// Replaces every value of the header.
    public mutating func setValue(_ value: String, forName name: String) {
        replaceOrAdd(name: name, value: value)
    }
}
