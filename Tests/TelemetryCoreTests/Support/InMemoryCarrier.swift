import TelemetryCore

/// The smallest conforming carrier: name/value pairs in arrival order, names compared case-insensitively.
struct InMemoryCarrier: PropagationCarrier {
    var fields: [(name: String, value: String)]

    init(_ fields: [(name: String, value: String)] = []) {
        self.fields = fields
    }

    func values(forName name: String) -> [String] {
        let name = name.lowercased()
        return fields.filter { $0.name.lowercased() == name }.map(\.value)
    }

    mutating func setValue(_ value: String, forName name: String) {
        let lowered = name.lowercased()
        fields.removeAll { $0.name.lowercased() == lowered }
        fields.append((name, value))
    }
}
