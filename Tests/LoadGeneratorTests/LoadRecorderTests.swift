import Testing

@testable import LoadGenerator

@Suite struct LoadRecorderTests {
    let start = ContinuousClock.now

    @Test func outcome_afterTheAnswer_isTimedFromThePostsStart() {
        let recorder = LoadRecorder()
        recorder.startMeasuring()
        #expect(recorder.sending())
        recorder.accepted(orderID: "o-1", start: start, latency: .milliseconds(4), measured: true)
        recorder.completed(orderID: "o-1", at: start + .milliseconds(40), outcome: .confirmed)
        let state = recorder.snapshot
        #expect(state.sent == 1 && state.accepted == 1 && state.confirmed == 1)
        #expect(state.pending.isEmpty)
        #expect(abs(state.toConfirmed.summary.p50 - 40) < 0.1)
        #expect(abs(state.post.summary.p50 - 4) < 0.1)
    }

    @Test func outcome_beforeTheAnswer_isMatchedWhenTheAnswerArrives() {
        let recorder = LoadRecorder()
        recorder.startMeasuring()
        recorder.completed(orderID: "o-2", at: start + .milliseconds(25), outcome: .failed(reason: "declined"))
        recorder.accepted(orderID: "o-2", start: start, latency: .milliseconds(30), measured: true)
        let state = recorder.snapshot
        #expect(state.failed == 1)
        #expect(state.errors["saga failed (declined)"] == 1)
        #expect(abs(state.toFailed.summary.p50 - 25) < 0.1)
        #expect(state.early.isEmpty)
    }

    @Test func warmUp_beforeMeasuring_isNotCounted() {
        let recorder = LoadRecorder()
        #expect(!recorder.sending())
        recorder.accepted(orderID: "w-1", start: start, latency: .milliseconds(3), measured: false)
        recorder.completed(orderID: "w-1", at: start + .milliseconds(9), outcome: .confirmed)
        recorder.failed(kind: "http 503", latency: .milliseconds(1), measured: false)
        let state = recorder.snapshot
        #expect(recorder.warmUpCompleted == 1)
        #expect(state.sent == 0 && state.accepted == 0 && state.confirmed == 0 && state.errors.isEmpty)
        #expect(state.post.count == 0)
    }

    @Test func pendingOrders_whenClosed_countAsSagaTimeouts() {
        let recorder = LoadRecorder()
        recorder.startMeasuring()
        recorder.accepted(orderID: "o-3", start: start, latency: .milliseconds(2), measured: true)
        recorder.accepted(orderID: "o-4", start: start, latency: .milliseconds(2), measured: true)
        recorder.completed(orderID: "o-4", at: start + .milliseconds(20), outcome: .confirmed)
        #expect(recorder.pendingMeasured == 1)
        recorder.closePending()
        #expect(recorder.snapshot.errors["saga timeout"] == 1)
        #expect(recorder.pendingMeasured == 0)
    }

    @Test func earlyOutcomes_ofOrdersNeverAnswered_areForgottenWhenOld() {
        let recorder = LoadRecorder()
        recorder.completed(orderID: "other", at: start, outcome: .confirmed)
        recorder.forgetEarly(olderThan: .seconds(30), now: start + .seconds(10))
        #expect(recorder.snapshot.early.count == 1)
        recorder.forgetEarly(olderThan: .seconds(30), now: start + .seconds(31))
        #expect(recorder.snapshot.early.isEmpty)
    }
}
