import TaskTracking
import TelemetryTesting
import Testing

@Suite struct TaskLeakCheckTests {
    @Test func findTaskLeaks_structuredChildrenThatFinish_findsNone() async throws {
        let (leaks, sum) = await findTaskLeaks {
            await withTaskGroup(of: Int.self) { group in
                for value in 1...3 { group.addTrackedTask("test.child") { value } }
                return await group.reduce(0, +)
            }
        }
        #expect(leaks.isEmpty)
        #expect(sum == 6)
    }

    @Test func findTaskLeaks_detachedTaskStillRunning_reportsItWithItsSite() async {
        let latch = Latch()
        let (leaks, _) = await findTaskLeaks(grace: .milliseconds(20)) {
            TrackedTask.detached("test.leaky") { await latch.wait() }
        }
        latch.open()
        #expect(leaks.map(\.name) == ["test.leaky"])
        #expect(leaks.first?.site.hasPrefix("TaskTrackingTests/TaskLeakCheckTests.swift:") == true)
    }

    @Test func findTaskLeaks_detachedTaskFinishingWithinGrace_findsNone() async {
        let latch = Latch()
        let (leaks, _) = await findTaskLeaks(grace: .seconds(30)) {
            TrackedTask.detached("test.slow") { await latch.wait() }
            TrackedTask.detached("test.opener") { latch.open() }
        }
        #expect(leaks.isEmpty)
    }

    @Test func withNoTaskLeaks_leakingOperation_failsTheTestListingTheLeak() async throws {
        let latch = Latch()
        defer { latch.open() }
        @Sendable func leak() async throws {
            try await withNoTaskLeaks(grace: .milliseconds(20)) {
                _ = TrackedTask.detached("test.forgotten") { await latch.wait() }
            }
        }
        try await withKnownIssue {
            try await leak()
        } matching: { issue in
            (issue.error as? TaskLeakError)?.description.contains("test.forgotten started at TaskTrackingTests/") == true
        }
    }

    @Test func findTaskLeaks_parallelChecks_seeOnlyTheirOwnTasks() async {
        let latch = Latch()
        async let leaky = findTaskLeaks(grace: .milliseconds(50)) {
            TrackedTask.detached("test.mine") { await latch.wait() }
        }
        async let clean = findTaskLeaks(grace: .milliseconds(50)) {
            await withTrackedTask("test.clean") {}
        }
        let (leaks, cleanLeaks) = await (leaky.leaks, clean.leaks)
        latch.open()
        #expect(leaks.map(\.name) == ["test.mine"])
        #expect(cleanLeaks.isEmpty)
    }

    @Test func findTaskLeaks_tasksOutsideTheCheck_areNotItsLeaks() async {
        let latch = Latch()
        let outside = TrackedTask.detached("test.outside") { await latch.wait() }
        let (leaks, _) = await findTaskLeaks(grace: .zero) {}
        latch.open()
        await outside.value
        #expect(leaks.isEmpty)
    }
}
