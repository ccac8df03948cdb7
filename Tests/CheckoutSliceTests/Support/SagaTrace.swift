import TelemetryTesting

/// The spans of one saga's trace at the OTLP receiver, with the questions the tests ask of them.
struct SagaTrace {
    /// A hop over Kafka: `producer` publishes `topic`, `consumer` processes it.
    struct Hop: CustomStringConvertible {
        var producer: String
        var topic: String
        var consumer: String
        var description: String { "\(producer) -[\(topic)]-> \(consumer)" }
    }

    let traceID: String
    let spans: [ReceivedSpans.Span]

    /// Waits until the trace holds every span `hops` and `grpcServers` need, and no span's parent is
    /// missing (exports of different services arrive at different times), then returns it.
    static func wait(
        traceID: String, file: String, hops: [Hop], published: [(service: String, topic: String)] = [], grpcServers: [String],
        timeout: Duration = .seconds(60)
    ) async throws -> SagaTrace {
        func read() -> SagaTrace { SagaTrace(traceID: traceID, spans: ReceivedSpans.read(from: file).filter { $0.traceID == traceID }) }
        do {
            return try await poll(timeout: timeout, what: "trace \(traceID) with \(hops), \(published) and gRPC servers \(grpcServers)") {
                let trace = read()
                return trace.missing(hops: hops, published: published, grpcServers: grpcServers).isEmpty && trace.orphans.isEmpty ? trace : nil
            }
        } catch {
            let trace = read()
            let missing = trace.missing(hops: hops, published: published, grpcServers: grpcServers)
            throw SliceError(description: "\(error): missing \(missing), orphans \(trace.orphans.map(\.label)); spans: \(trace.spans.map(\.label))")
        }
    }

    /// The span with `spanID`.
    func span(_ spanID: String) -> ReceivedSpans.Span? {
        spans.first { $0.spanID == spanID }
    }

    /// The parent of `span` in this trace.
    func parent(of span: ReceivedSpans.Span) -> ReceivedSpans.Span? {
        self.span(span.parentSpanID)
    }

    /// Spans whose parent is neither in the trace nor the caller's span (`root` excluded).
    var orphans: [ReceivedSpans.Span] {
        let ids = Set(spans.map(\.spanID))
        return spans.filter { !$0.parentSpanID.isEmpty && !ids.contains($0.parentSpanID) && !($0.kind == "SERVER" && $0.serviceName == "checkout") }
    }

    /// The CONSUMER spans `process <topic>` of `consumer` whose parent is the message's creation context in
    /// `producer`: a PRODUCER `send <topic>` span (a message sent alone), or the relay's PRODUCER
    /// `create <topic>` span of the row (a message the relay sent in a batch, whose one CLIENT
    /// `send <topic>` span lives in its own trace and links to each row's span).
    func linked(_ hop: Hop) -> [(producer: ReceivedSpans.Span, consumer: ReceivedSpans.Span)] {
        spans.compactMap { consumer in
            guard consumer.kind == "CONSUMER", consumer.serviceName == hop.consumer, consumer.name == "process \(hop.topic)",
                let producer = parent(of: consumer), producer.serviceName == hop.producer, producer.isCreationContext(of: hop.topic)
            else { return nil }
            return (producer, consumer)
        }
    }

    /// gRPC SERVER spans of `service` whose parent is a CLIENT span of checkout.
    func grpcCalls(to service: String) -> [ReceivedSpans.Span] {
        spans.filter { server in
            server.kind == "SERVER" && server.serviceName == service
                && parent(of: server).map { $0.kind == "CLIENT" && $0.serviceName == "checkout" } == true
        }
    }

    /// Whether `service` has a PRODUCER span `send <topic>` or `create <topic>` in the trace.
    func publishes(_ service: String, _ topic: String) -> Bool {
        spans.contains { $0.serviceName == service && $0.isCreationContext(of: topic) }
    }

    /// What is still missing for `hops`, `published` and `grpcServers`.
    func missing(hops: [Hop], published: [(service: String, topic: String)], grpcServers: [String]) -> [String] {
        hops.filter { linked($0).isEmpty }.map(\.description)
            + published.filter { !publishes($0.service, $0.topic) }.map { "\($0.service) send \($0.topic)" }
            + grpcServers.filter { grpcCalls(to: $0).isEmpty }.map { "gRPC \($0)" }
    }

    /// The services that contributed spans.
    var services: Set<String> { Set(spans.map(\.serviceName)) }
}

extension ReceivedSpans.Span {
    /// `service KIND name`, for failure messages.
    var label: String { "\(serviceName) \(kind) \(name)" }

    /// A PRODUCER `send <topic>` span, or the outbox relay's PRODUCER `create <topic>` span of a row.
    func isCreationContext(of topic: String) -> Bool {
        kind == "PRODUCER" && (name == "send \(topic)" || name == "create \(topic)")
    }
}
