import FlightRecorder
import Foundation
import Logging
import MetricsTestKit
import TelemetryCore
import Testing

@Suite struct RecordingLogHandlerTests {
    @Test func log_debugBelowEmittedLevel_isRecordedButNotEmitted() throws {
        let recorder = FlightRecorder(configuration: .init(budgetBytes: 1 << 20), serviceName: "svc", metricsFactory: TestMetrics())
        let output = LogOutput.inMemory()
        let level = RuntimeLogLevel(.info)
        let logger = Logger(label: "test") { label in
            RecordingLogHandler(wrapping: JSONLogHandler(label: label, serviceName: "svc", output: output), label: label, recorder: recorder, level: level)
        }
        logger.debug("quiet detail")
        logger.info("loud fact")
        #expect(output.recordedLines.count == 1)
        #expect(output.recordedLines.first?.contains("loud fact") == true)
        let dump = String(decoding: recorder.dump(format: .chromeTrace), as: UTF8.self)
        #expect(dump.contains("quiet detail"))
        #expect(dump.contains("loud fact"))

        level.set(.debug, ttl: .seconds(60))
        logger.debug("now emitted")
        #expect(output.recordedLines.last?.contains("now emitted") == true)
    }
}
