@testable import TaskTracking
import Testing

@Suite struct TaskClockTests {
    @Test func now_readTwice_neverGoesBack() {
        let first = TaskClock.now()
        let second = TaskClock.now()
        #expect(second >= first)
    }

    @Test func reference_coarseNow_becomesAnInstantNearContinuousNow() {
        let before = ContinuousClock.now
        let reading = TaskClock.now()
        let instant = TaskClock.Reference().instant(reading)
        // A coarse reading lags by at most one scheduler tick (<= 10 ms); allow a descheduled thread.
        #expect(instant <= ContinuousClock.now)
        #expect(before.duration(to: instant) > .seconds(-1))
    }

    @Test func reference_instantAndBack_isTheSameReading() {
        let reference = TaskClock.Reference()
        let reading = TaskClock.now() - 123_456_789
        #expect(reference.nanoseconds(reference.instant(reading)) == reading)
    }
}
