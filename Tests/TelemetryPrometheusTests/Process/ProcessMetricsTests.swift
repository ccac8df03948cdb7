#if os(Linux)
import Glibc
import Testing
@testable import TelemetryPrometheus

@Suite struct ProcessMetricsTests {
    @Test func current_onLinux_plausibleValues() throws {
        let metrics = try #require(ProcessMetrics.current())
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)

        #expect(metrics.residentMemoryBytes > 0)
        #expect(metrics.virtualMemoryBytes >= metrics.residentMemoryBytes)
        #expect(metrics.threads >= 1)
        #expect(metrics.cpuSeconds > 0)
        let open = try #require(metrics.openFileDescriptors)
        let max = try #require(metrics.maxFileDescriptors)
        #expect(open >= 1)
        #expect(max >= Double(open))
        let start = try #require(metrics.startTimeSeconds)
        #expect(start <= Double(now.tv_sec) + 1)
        #expect(start > Double(now.tv_sec) - 86_400)
    }

    @Test func current_manyMoreFilesOpen_openFileDescriptorsGrow() throws {
        // Other suites open and close pipes concurrently, so allow some slack.
        let before = try #require(ProcessMetrics.current()?.openFileDescriptors)
        let descriptors = (0..<64).map { _ in open("/proc/self/stat", O_RDONLY) }
        defer { descriptors.forEach { close($0) } }
        #expect(descriptors.allSatisfy { $0 >= 0 })
        #expect(try #require(ProcessMetrics.current()?.openFileDescriptors) >= before + 48)
    }

    @Test func write_allMetrics_helpTypeAndSample() {
        let metrics = ProcessMetrics(
            cpuSeconds: 1.25, residentMemoryBytes: 4096, virtualMemoryBytes: 8192,
            openFileDescriptors: 12, maxFileDescriptors: 1024, threads: 5, startTimeSeconds: 1_767_225_600.5
        )
        var buffer: [UInt8] = []
        metrics.write(into: &buffer)
        let lines = Exposition(buffer).lines

        let expected: [(String, String, String)] = [
            ("process_cpu_seconds_total", "counter", "1.25"),
            ("process_resident_memory_bytes", "gauge", "4096"),
            ("process_virtual_memory_bytes", "gauge", "8192"),
            ("process_open_fds", "gauge", "12"),
            ("process_max_fds", "gauge", "1024"),
            ("process_threads", "gauge", "5"),
            ("process_start_time_seconds", "gauge", "1767225600.5"),
        ]
        #expect(lines.count == expected.count * 3)
        for (name, type, value) in expected {
            #expect(lines.contains { $0.hasPrefix("# HELP \(name) ") && $0.count > name.count + 8 })
            #expect(lines.contains("# TYPE \(name) \(type)"))
            #expect(lines.contains("\(name) \(value)"))
        }
    }

    @Test func write_unlimitedDescriptors_plusInf() {
        let metrics = ProcessMetrics(
            cpuSeconds: 0, residentMemoryBytes: 1, virtualMemoryBytes: 1,
            openFileDescriptors: nil, maxFileDescriptors: .infinity, threads: 1, startTimeSeconds: nil
        )
        var buffer: [UInt8] = []
        metrics.write(into: &buffer)
        let lines = Exposition(buffer).lines

        #expect(lines.contains("process_max_fds +Inf"))
        #expect(!lines.contains { $0.hasPrefix("process_open_fds") || $0.hasPrefix("process_start_time_seconds") })
    }
}
#endif
