public import HTTPTypes
public import TelemetryCore

/// Hummingbird's request and response headers as a trace-context carrier.
extension HTTPFields: PropagationCarrier {
    /// Every value of the field, compared case-insensitively, in order.
    public func values(forName name: String) -> [String] {
        guard let fieldName = HTTPField.Name(name) else { return [] }
        return self[values: fieldName]
    }

    /// Replaces every value of the field.
    public mutating func setValue(_ value: String, forName name: String) {
        guard let fieldName = HTTPField.Name(name) else { return }
        self[fieldName] = value
    }
}
