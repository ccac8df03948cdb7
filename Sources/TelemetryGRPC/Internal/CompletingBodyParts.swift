import GRPCCore

/// A client response's body parts that end the call when the status arrives: trailing metadata
/// for `OK`, the thrown error otherwise.
struct CompletingBodyParts<Message: Sendable>: AsyncSequence, Sendable {
    typealias Element = StreamingClientResponse<Message>.Contents.BodyPart

    let base: RPCAsyncSequence<Element, any Error>
    let completion: RPCCallCompletion
    let deadline: ContinuousClock.Instant?

    func makeAsyncIterator() -> AsyncIterator {
        AsyncIterator(base: base.makeAsyncIterator(), completion: completion, deadline: deadline)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var base: RPCAsyncSequence<Element, any Error>.AsyncIterator
        let completion: RPCCallCompletion
        let deadline: ContinuousClock.Instant?

        mutating func next() async throws -> Element? {
            do {
                let part = try await base.next()
                switch part {
                case .trailingMetadata, nil: completion.finish(code: .ok)
                case .message: break
                }
                return part
            } catch {
                completion.finish(RPCError(reporting: error, deadline: deadline))
                throw error
            }
        }
    }
}
