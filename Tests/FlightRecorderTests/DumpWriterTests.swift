@testable import FlightRecorder
import Foundation
import Logging
import MetricsTestKit
import Testing

@Suite struct DumpWriterTests {
    @Test func write_fullDisk_failsWithENOSPC() {
        #expect(throws: FlightRecorderError.self) { try DumpWriter.write(Array(repeating: 1, count: 1 << 16), to: "/dev/full", temporary: false) }
        do {
            try DumpWriter.write([1, 2, 3], to: "/dev/full", temporary: false)
        } catch {
            #expect(error.errno == ENOSPC)
            #expect(error.message.contains("/dev/full"))
        }
    }

    @Test func writeDump_unwritableDirectory_reportsFailureAndCountsIt() throws {
        let metrics = TestMetrics()
        let recorder = FlightRecorder(configuration: .init(budgetBytes: 1 << 20, directory: "/proc/self/no-such-dir"), serviceName: "svc", metricsFactory: metrics)
        #expect(throws: FlightRecorderError.self) { try recorder.writeDump(reason: "test", logger: Logger(label: "test")) }
        let failures = try metrics.expectCounter(FlightRecorder.dumpFailuresMetric)
        #expect(failures.totalValue == 1)
    }

    @Test func writeDump_writableDirectory_writesBothFormatsAndKeepsRetention() throws {
        let directory = NSTemporaryDirectory() + "fr-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let metrics = TestMetrics()
        let configuration = FlightRecorderConfiguration(budgetBytes: 1 << 20, directory: directory, retainedDumps: 2)
        let recorder = FlightRecorder(configuration: configuration, serviceName: "svc", metricsFactory: metrics)
        var written: [String] = []
        for index in 0..<4 {
            written += try recorder.writeDump(reason: "r\(index)", logger: Logger(label: "test"))
            Thread.sleep(forTimeInterval: 0.002)  // distinct millisecond stamps in the file names
        }
        let files = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(files.count == 4)
        #expect(files.filter { $0.hasSuffix(".otlp.json") }.count == 2)
        #expect(files.contains { $0.contains("-r3.perfetto.json") })
        #expect(!files.contains { $0.contains("-r0.") })
        let counter = try metrics.expectCounter(FlightRecorder.dumpsMetric, [("trigger", "r3")])
        #expect(counter.totalValue == 1)
    }
}
