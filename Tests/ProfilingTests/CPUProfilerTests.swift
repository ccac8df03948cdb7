import Foundation
import Profiling
import TelemetryTesting
import Testing

/// CPU profiles read back by the real pprof reader. Serialized: there is one SIGPROF timer per process.
@Suite(.serialized) struct CPUProfilerTests {
    static let label = SpanLabel(traceID: "4bf92f3577b34da6a3ce929d0e0e4736", spanID: "00f067aa0ba902b7")!

    @Test(.enabled(if: GoPprof.go != nil || GoPprof.isCI, "go not found ($GO_PPROF or PATH; Debian package `golang-go`); set CI to fail instead of skipping"))
    func profile_busyThread_goPprofTopListsBusyFunction() async throws {
        let busy = BusyThread(label: nil)
        let profile = try await CPUProfiler().profile(duration: .seconds(1))
        await busy.stop()

        let top = try await GoPprof.run(["-top", "-nodecount=15", "-symbolize=none"], profile: profile)
        #expect(top.status == 0, "go tool pprof failed: \(top.errors)")
        let entries = top.output.split(separator: "\n").drop { !$0.contains("flat%") }.dropFirst()
        #expect(entries.contains { $0.contains("busyLoopForProfilerTests") }, "pprof -top:\n\(top.output)\n\(top.errors)")
        #expect(top.output.contains("Type: cpu"), "pprof -top:\n\(top.output)")
    }

    @Test(.enabled(if: GoPprof.go != nil || GoPprof.isCI, "go not found ($GO_PPROF or PATH; Debian package `golang-go`); set CI to fail instead of skipping"))
    func profile_labelledBusyThread_samplesCarrySpanLabel() async throws {
        let busy = BusyThread(label: Self.label)
        let profile = try await CPUProfiler().profile(duration: .seconds(1))
        await busy.stop()

        let tags = try await GoPprof.run(["-tags", "-symbolize=none"], profile: profile)
        #expect(tags.status == 0, "go tool pprof failed: \(tags.errors)")
        #expect(tags.output.contains("span_id"), "pprof -tags:\n\(tags.output)")
        #expect(tags.output.contains(Self.label.spanIDHex), "pprof -tags:\n\(tags.output)")
        #expect(tags.output.contains(Self.label.traceIDHex), "pprof -tags:\n\(tags.output)")
        // The labelled samples are the busy function's.
        let focused = try await GoPprof.run(
            ["-top", "-symbolize=none", "-tagfocus=span_id=\(Self.label.spanIDHex)"], profile: profile
        )
        #expect(focused.output.contains("busyLoopForProfilerTests"), "pprof -top -tagfocus:\n\(focused.output)\n\(focused.errors)")
    }

    @Test func profile_whileAnotherRuns_throwsBusy() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { _ = try await CPUProfiler().profile(duration: .milliseconds(500)) }
            try await Self.waitUntilProfiling()
            let error = await #expect(throws: ProfilingError.self) {
                _ = try await CPUProfiler().profile(duration: .milliseconds(100))
            }
            #expect(error?.code == .busy)
            try await group.waitForAll()
        }
        #expect(!CPUProfiler.isProfiling)
    }

    @Test(arguments: [Duration.zero, .seconds(-1), .seconds(61), .seconds(3600)])
    func profile_durationOutOfRange_throwsInvalidDuration(duration: Duration) async {
        let error = await #expect(throws: ProfilingError.self) {
            _ = try await CPUProfiler().profile(duration: duration)
        }
        #expect(error?.code == .invalidDuration)
        #expect(!CPUProfiler.isProfiling)
    }

    @Test(arguments: [0, -100, 1001])
    func profile_frequencyOutOfRange_throwsInvalidFrequency(frequency: Int) async {
        let error = await #expect(throws: ProfilingError.self) {
            _ = try await CPUProfiler().profile(duration: .seconds(1), frequency: frequency)
        }
        #expect(error?.code == .invalidFrequency)
    }

    @Test func profile_cancelled_throwsCancelledAndFreesProfiler() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let error = await #expect(throws: ProfilingError.self) {
                    _ = try await CPUProfiler().profile(duration: .seconds(30))
                }
                #expect(error?.code == .cancelled)
            }
            try await Self.waitUntilProfiling()
            group.cancelAll()
            try await group.waitForAll()
        }
        #expect(!CPUProfiler.isProfiling)
    }

    /// Returns once a profile is running (started by another child task), failing after 10 s.
    static func waitUntilProfiling() async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while !CPUProfiler.isProfiling && ContinuousClock.now < deadline { await Task.yield() }
        try #require(CPUProfiler.isProfiling, "the first profile did not start")
    }
}
