/// How a consumer handler failure is treated: retried (transient) or dead-lettered at once (permanent).
public enum KafkaFailureKind: String, Sendable, Hashable {
    /// May succeed later (a timeout, a dependency down): retried with backoff, then dead-lettered.
    case transient
    /// Will never succeed (malformed payload, unknown type): dead-lettered at once.
    case permanent
}

/// An error a consumer handler throws to say whether retrying can help.
///
/// Errors of other types count as ``KafkaFailureKind/transient``.
///
/// ```swift
/// guard let order = try? decoder.decode(Order.self, from: message.value) else {
///     throw KafkaHandlerError(.permanent, reason: "malformed order envelope")
/// }
/// ```
public struct KafkaHandlerError: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether retrying can help.
    public var kind: KafkaFailureKind
    /// Why the message failed; becomes the `dlq.reason` header.
    public var reason: String

    /// Creates a handler error.
    public init(_ kind: KafkaFailureKind, reason: String) {
        self.kind = kind
        self.reason = reason
    }

    /// `kind: reason`.
    public var description: String { "\(kind.rawValue): \(reason)" }

    /// The kind of any error: this type's own, ``KafkaFailureKind/transient`` otherwise.
    static func kind(of error: any Error) -> KafkaFailureKind {
        (error as? KafkaHandlerError)?.kind ?? .transient
    }

    /// The reason of any error: this type's own, its description otherwise.
    static func reason(of error: any Error) -> String {
        (error as? KafkaHandlerError)?.reason ?? String(describing: error)
    }
}
