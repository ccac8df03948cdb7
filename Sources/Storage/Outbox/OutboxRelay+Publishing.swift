import TelemetryCore
import Tracing

extension OutboxRelay {
    /// Publishes a claimed batch and marks what may be marked.
    ///
    /// Each row gets a PRODUCER span `create {topic}` (the OpenTelemetry messaging "create" operation: the
    /// message's own creation context) continuing the trace stored in the row; its context goes with the row
    /// to the publisher, so a consumer's span is the child of a PRODUCER span, the pair trace-based service
    /// graphs draw a messaging edge from. An aggregate's rows are marked sent up to its
    /// first failure; later rows stay pending (re-published after the failed one: at least once).
    /// With one row, the mark runs in the row's span; a larger batch is marked in one statement.
    func publish(_ claimed: [ClaimedMessage]) async throws {
        var spans: [any Span] = []
        spans.reserveCapacity(claimed.count)
        var batch: [OutboxPublication] = []
        batch.reserveCapacity(claimed.count)
        for row in claimed {
            let span = startSpan(row.message)
            spans.append(span)
            batch.append(OutboxPublication(message: row.message, context: span.context))
        }
        let results = await publisher.publish(batch)
        var sent: [Int] = []
        var blocked: [String: any Error] = [:]
        for (index, result) in zip(claimed.indices, results) {
            let aggregate = claimed[index].message.aggregateID
            if blocked[aggregate] != nil {
                spans[index].attributes["outbox.deferred"] = true
                continue
            }
            switch result {
            case .success: sent.append(index)
            case .failure(let error):
                blocked[aggregate] = error
                fail(spans[index], error)
                logger.warning(
                    "outbox publish failed; the aggregate waits for a retry",
                    metadata: ["event.id": "\(claimed[index].message.id)", "attempts": "\(claimed[index].message.attempts)", "error": "\(error)"]
                )
            }
        }
        defer { for span in spans { span.end() } }
        do {
            try await markSent(sent.map { claimed[$0] }, context: claimed.count == 1 ? spans[0].context : nil)
            if !blocked.isEmpty {
                let until = WallClock.nowMicroseconds() + configuration.retryDelay.microseconds
                for aggregate in blocked.keys {
                    try await database.query(OutboxQueries.backOff(aggregateID: aggregate, relayID: relayID, until: until))
                }
            }
        } catch {
            for index in sent { fail(spans[index], error) }
            throw error
        }
    }

    private func markSent(_ rows: [ClaimedMessage], context: ServiceContext?) async throws {
        guard !rows.isEmpty else { return }
        let now = WallClock.nowMicroseconds()
        let query = OutboxQueries.markSent(seqs: rows.map(\.seq), at: now)
        if let context {
            try await ServiceContext.$current.withValue(context) { _ = try await database.query(query) }
        } else {
            try await database.query(query)
        }
        for row in rows {
            metrics.published(topic: row.message.topic).increment()
            metrics.lag.recordMicroseconds(max(0, now - row.message.createdAt))
        }
    }

    private func startSpan(_ message: OutboxMessage) -> any Span {
        var parent = ServiceContext.topLevel
        tracer.extract(message.headers, into: &parent, using: PropagationCarrierExtractor<OutboxHeaders>())
        let span = tracer.startAnySpan("create \(message.topic)", context: parent, ofKind: .producer)
        span.updateAttributes { attributes in
            attributes["messaging.operation.name"] = "create"
            attributes["messaging.operation.type"] = "create"
            attributes["messaging.destination.name"] = message.topic
            attributes["messaging.message.id"] = message.id
            attributes["outbox.aggregate_id"] = message.aggregateID
            attributes["outbox.attempts"] = message.attempts
        }
        return span
    }

    private func fail(_ span: any Span, _ error: any Error) {
        span.attributes["error.type"] = (error as? DatabaseError)?.code.rawValue ?? String(reflecting: type(of: error))
        span.recordError(error)
        span.setStatus(SpanStatus(code: .error))
    }
}
