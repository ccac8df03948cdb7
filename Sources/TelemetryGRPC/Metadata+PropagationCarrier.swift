public import GRPCCore
public import TelemetryCore

/// gRPC metadata as a ``PropagationCarrier``: `traceparent`, `tracestate` and `baggage` travel as
/// string metadata entries.
///
/// gRPC keys are lower-case ASCII on the wire; lookups compare case-insensitively and skip binary
/// (`-bin`) values.
///
/// ```swift
/// var metadata: Metadata = [:]
/// metadata.injectContext(ServiceContext.current ?? .topLevel)
/// ```
///
/// - SeeAlso: https://grpc.github.io/grpc/core/md_doc_PROTOCOL-HTTP2.html
extension Metadata: PropagationCarrier {
    /// Every string value stored under `name`, compared case-insensitively, in arrival order.
    public func values(forName name: String) -> [String] {
        var values: [String] = []
        for value in self[stringValues: name] {
            values.append(value)
        }
        return values
    }

    /// Replaces every value stored under `name` with `value`, under the lower-cased key.
    public mutating func setValue(_ value: String, forName name: String) {
        let hasUpperCase = name.utf8.contains { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0) }
        replaceOrAddString(value, forKey: hasUpperCase ? name.lowercased() : name)
    }
}
