import Synchronization
@testable import TelemetryHTTP
import Testing

@Suite struct RequestCompletionTests {
    final class Counter: Sendable {
        let value = Atomic<Int>(0)
    }

    @Test func run_calledTwice_runsTheActionOnce() {
        let counter = Counter()
        let completion = RequestCompletion { counter.value.add(1, ordering: .relaxed) }
        completion.run()
        completion.run()
        #expect(counter.value.load(ordering: .relaxed) == 1)
    }

    @Test func release_withoutRun_runsTheActionOnce() {
        let counter = Counter()
        do {
            let completion = RequestCompletion { counter.value.add(1, ordering: .relaxed) }
            _ = completion
        }
        #expect(counter.value.load(ordering: .relaxed) == 1)
    }

    @Test func release_afterRun_doesNotRunAgain() {
        let counter = Counter()
        do {
            let completion = RequestCompletion { counter.value.add(1, ordering: .relaxed) }
            completion.run()
        }
        #expect(counter.value.load(ordering: .relaxed) == 1)
    }
}
