/// Label sets as swift-prometheus registers and renders them.
enum PrometheusLabels {
    /// The dimensions with valid label names, in their original order.
    static func sanitized(_ dimensions: [(String, String)]) -> [(String, String)] {
        dimensions.map { (PrometheusName.label($0.0), $0.1) }
    }

    /// The bytes swift-prometheus writes between `{` and `,le=` for this label set: `k="v",k2="v2"`,
    /// values escaped as the text format requires (`\\`, `\"`, `\n`).
    static func rendered(_ labels: [(String, String)]) -> [UInt8] {
        var bytes: [UInt8] = []
        for (index, (key, value)) in labels.enumerated() {
            if index > 0 { bytes.append(UInt8(ascii: ",")) }
            bytes.append(contentsOf: key.utf8)
            bytes.append(UInt8(ascii: "="))
            bytes.append(UInt8(ascii: "\""))
            for byte in value.utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(contentsOf: #"\\"#.utf8)
                case UInt8(ascii: "\""): bytes.append(contentsOf: #"\""#.utf8)
                case UInt8(ascii: "\n"): bytes.append(contentsOf: #"\n"#.utf8)
                default: bytes.append(byte)
                }
            }
            bytes.append(UInt8(ascii: "\""))
        }
        return bytes
    }
}
