import Foundation
import Logging
import TelemetryCore
import TelemetryTesting
import Testing
import Tracing

@Suite struct JSONLogHandlerTests {
    let output = LogOutput.inMemory()
    let tracer = KitTracer(wrapping: RecordingTracer())

    func makeLogger(level: Logger.Level = .info, metadata: Logger.Metadata = [:]) -> Logger {
        let output = output
        let tracer = tracer
        return Logger(label: "checkout.http") { label in
            var handler = JSONLogHandler(
                label: label,
                serviceName: "checkout",
                logLevel: level,
                metadataProvider: .traceIdentity(tracer),
                output: output
            )
            handler.metadata = metadata
            return handler
        }
    }

    func onlyLine() throws -> [String: Any] {
        let lines = output.recordedLines
        try #require(lines.count == 1, "expected one line, got \(lines)")
        let object = try JSONSerialization.jsonObject(with: Data(lines[0].utf8))
        return try #require(object as? [String: Any])
    }

    @Test func log_record_isOneJSONObjectWithLevelMessageServiceAndLogger() throws {
        makeLogger().info("request finished")
        let line = try onlyLine()
        #expect(line["level"] as? String == "info")
        #expect(line["message"] as? String == "request finished")
        #expect(line["service.name"] as? String == "checkout")
        #expect(line["logger"] as? String == "checkout.http")
        #expect((line["source"] as? String)?.contains("JSONLogHandlerTests.swift") == true)
        #expect(!output.recordedLines[0].contains("\n"))
    }

    @Test func log_timestamp_isRFC3339UTCWithMicroseconds() throws {
        makeLogger().info("now")
        let timestamp = try #require(try onlyLine()["timestamp"] as? String)
        #expect(timestamp.wholeMatch(of: /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z/) != nil, "\(timestamp)")
    }

    @Test func log_insideSpan_carriesTheCurrentSpansTraceAndSpanID() throws {
        let logger = makeLogger()
        let span = tracer.withSpan("checkout", context: .topLevel) { span in
            logger.info("inside")
            return span.spanContext
        }
        let line = try onlyLine()
        #expect(line["trace_id"] as? String == span.traceID.description)
        #expect(line["span_id"] as? String == span.spanID.description)
    }

    @Test func log_insideNestedSpan_carriesTheInnerSpanID() throws {
        let logger = makeLogger()
        let inner = tracer.withSpan("outer", context: .topLevel) { _ in
            tracer.withSpan("inner") { span in
                logger.info("nested")
                return span.spanContext
            }
        }
        let line = try onlyLine()
        #expect(line["trace_id"] as? String == inner.traceID.description)
        #expect(line["span_id"] as? String == inner.spanID.description)
    }

    @Test func log_outsideAnySpan_hasNoTraceIdentity() throws {
        ServiceContext.withValue(.topLevel) { makeLogger().info("outside") }
        let line = try onlyLine()
        #expect(line["trace_id"] == nil)
        #expect(line["span_id"] == nil)
    }

    @Test func log_metadata_recordOverridesProviderOverridesHandler() throws {
        let logger = makeLogger(metadata: ["tenant": "acme", "trace_id": "from-handler", "region": "eu"])
        tracer.withSpan("checkout", context: .topLevel) { _ in
            logger.info("merged", metadata: ["region": "us", "http.route": "/checkout"])
        }
        let line = try onlyLine()
        #expect(line["tenant"] as? String == "acme")
        #expect(line["region"] as? String == "us")
        #expect(line["http.route"] as? String == "/checkout")
        #expect((line["trace_id"] as? String)?.count == 32)
    }

    @Test func log_specialCharacters_areEscapedAndRoundTrip() throws {
        let message = "quote \" backslash \\ newline \n tab \t return \r bell \u{07} unicode é 🚀"
        makeLogger().info("\(message)", metadata: ["key \"odd\"": "\u{01}"])
        let line = try onlyLine()
        #expect(line["message"] as? String == message)
        #expect(line["key \"odd\""] as? String == "\u{01}")
    }

    @Test func log_metadataNamedLikeARecordField_isKeptUnderItsOwnKeyWithoutRepeatingTheField() throws {
        makeLogger().info("starting", metadata: ["message": "shadow", "service.name": "other"])
        let raw = try #require(output.recordedLines.first)
        #expect(raw.components(separatedBy: "\"message\":").count == 2, "the key \"message\" must appear once: \(raw)")
        let line = try onlyLine()
        #expect(line["message"] as? String == "starting")
        #expect(line["service.name"] as? String == "checkout")
        #expect(line["metadata.message"] as? String == "shadow")
        #expect(line["metadata.service.name"] as? String == "other")
    }

    @Test func log_belowTheHandlersLevel_isNotWritten() {
        let logger = makeLogger(level: .notice)
        logger.info("dropped")
        logger.notice("kept")
        #expect(output.recordedLines.count == 1)
        #expect(output.recordedLines.first?.contains("\"kept\"") == true)
    }
}
