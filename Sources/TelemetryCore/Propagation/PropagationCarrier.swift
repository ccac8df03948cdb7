public import Instrumentation

/// Header-like storage that trace context travels in: HTTP fields, gRPC metadata, Kafka message headers.
///
/// Every adapter passes the same conformance suite (`TelemetryTesting.PropagationConformance`), so the
/// W3C rules in ``W3CPropagation`` hold on every hop, whatever the transport.
public protocol PropagationCarrier: Sendable {
    /// Every value stored under `name`, compared case-insensitively, in the order they arrived.
    func values(forName name: String) -> [String]

    /// Replaces every value stored under `name` (compared case-insensitively) with `value`.
    mutating func setValue(_ value: String, forName name: String)
}

/// Reads a ``PropagationCarrier`` for swift-distributed-tracing's `Instrument.extract`.
public struct PropagationCarrierExtractor<Carrier: PropagationCarrier>: Extractor {
    /// Creates an extractor.
    public init() {}

    /// The values under `key` joined with a comma, as HTTP joins repeated list headers.
    public func extract(key: String, from carrier: Carrier) -> String? {
        let values = carrier.values(forName: key)
        switch values.count {
        case 0: return nil
        case 1: return values[0]
        default: return values.joined(separator: ",")
        }
    }
}

/// Writes into a ``PropagationCarrier`` for swift-distributed-tracing's `Instrument.inject`.
public struct PropagationCarrierInjector<Carrier: PropagationCarrier>: Injector {
    /// Creates an injector.
    public init() {}

    /// Replaces whatever the carrier held under `key`.
    public func inject(_ value: String, forKey key: String, into carrier: inout Carrier) {
        carrier.setValue(value, forName: key)
    }
}

extension PropagationCarrier {
    /// Extracts the incoming trace context from this carrier with the bootstrapped instrument.
    public func extractContext(into context: inout ServiceContext) {
        InstrumentationSystem.instrument.extract(self, into: &context, using: PropagationCarrierExtractor<Self>())
    }

    /// Injects `context` (trace context and baggage) into this carrier with the bootstrapped instrument.
    public mutating func injectContext(_ context: ServiceContext) {
        InstrumentationSystem.instrument.inject(context, into: &self, using: PropagationCarrierInjector<Self>())
    }
}
