import FlightRecorder
import Foundation
import Logging
import MetricsTestKit
import TelemetryCore
import TelemetryOTLP
import Testing
import Tracing

/// The recorder under the tracer a service gets (OTLPTelemetry: swift-otel behind the kit): the span ids it
/// records must be the ids swift-otel propagates.
@Suite struct FlightRecorderOTLPTests {
    let metrics = TestMetrics()

    func telemetry(sampler: String, recorder: FlightRecorder) throws -> OTLPTelemetry {
        let configuration = try TelemetryConfiguration(
            environment: EnvironmentReader(["OTEL_TRACES_EXPORTER": "none", "OTEL_TRACES_SAMPLER": sampler]),
            defaultServiceName: "svc", defaultServiceVersion: "0.0.0"
        )
        return try OTLPTelemetry(configuration: configuration, metricsFactory: metrics, logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() }, spanRecorder: recorder)
    }

    func spans(_ recorder: FlightRecorder) throws -> [[String: Any]] {
        let dump = try #require(try JSONSerialization.jsonObject(with: Data(recorder.dump(format: .otlpJSON))) as? [String: Any])
        let scope = (((dump["resourceSpans"] as? [[String: Any]])?.first?["scopeSpans"]) as? [[String: Any]])?.first
        return try #require(scope?["spans"] as? [[String: Any]])
    }

    @Test(arguments: ["always_on", "parentbased_always_on"])
    func spans_sampledBySwiftOTel_areRecordedWithTheIdsSwiftOTelPropagates(sampler: String) throws {
        let recorder = FlightRecorder(configuration: .init(budgetBytes: 1 << 20), serviceName: "svc", metricsFactory: metrics)
        let tracer = try telemetry(sampler: sampler, recorder: recorder).tracer
        var expected: [(String, String, String?)] = []
        // More spans than the reader checks against injection, so its own reads are tested too.
        for _ in 0..<100 {
            tracer.withSpan("parent", context: .topLevel) { parent in
                let parentIdentity = tracer.identity(of: parent.context)
                tracer.withSpan("child", context: parent.context) { child in
                    let childIdentity = tracer.identity(of: child.context)
                    expected.append((childIdentity?.traceID.description ?? "", childIdentity?.spanID.description ?? "", parentIdentity?.spanID.description))
                }
                expected.append((parentIdentity?.traceID.description ?? "", parentIdentity?.spanID.description ?? "", nil))
            }
        }
        let recorded = try spans(recorder).map { ($0["traceId"] as? String ?? "", $0["spanId"] as? String ?? "", $0["parentSpanId"] as? String) }
        #expect(recorded.count == expected.count)
        for (got, want) in zip(recorded, expected) {
            #expect(got.0 == want.0 && got.1 == want.1 && got.2 == want.2)
        }
        let sampled = try spans(recorder).allSatisfy { span in
            (span["attributes"] as? [[String: Any]])?.contains { $0["key"] as? String == "flightrecorder.sampled" && ($0["value"] as? [String: Any])?["boolValue"] as? Bool == true } == true
        }
        #expect(sampled)
    }

    @Test func spans_droppedBySwiftOTel_getIdsOfTheirOwnInTheParentsTrace() throws {
        let recorder = FlightRecorder(configuration: .init(budgetBytes: 1 << 20), serviceName: "svc", metricsFactory: metrics)
        let tracer = try telemetry(sampler: "always_off", recorder: recorder).tracer
        tracer.withSpan("parent", context: .topLevel) { parent in
            tracer.withSpan("child", context: parent.context) { _ in }
        }
        let recorded = try spans(recorder)
        #expect(recorded.map { $0["name"] as? String } == ["child", "parent"])
        #expect(recorded[0]["traceId"] as? String == recorded[1]["traceId"] as? String)
        #expect(recorded[0]["parentSpanId"] as? String == recorded[1]["spanId"] as? String)
        #expect(recorded[0]["spanId"] as? String != recorded[1]["spanId"] as? String)
    }
}
