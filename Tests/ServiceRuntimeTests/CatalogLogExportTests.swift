import Foundation
import TelemetryTesting
import Testing

/// OTLP log export end to end: the real `catalog` binary with `OTEL_LOGS_EXPORTER=otlp`, and a real OTLP
/// receiver process (rotel, started by scripts/test.sh) recording what it gets.
@Suite(.serialized, .enabled(if: ReceivedSpans.Environment.current != nil || ProcessInfo.processInfo.environment["CI"] != nil))
struct CatalogLogExportTests {
    var receiver: ReceivedSpans.Environment {
        get throws { try #require(ReceivedSpans.Environment.current, "run the tests through scripts/test.sh, which starts the OTLP receiver") }
    }

    var logsFile: String {
        get throws { try #require(ReceivedLogs.file, "run the tests through scripts/test.sh, which sets OTLP_RECEIVED_LOGS") }
    }

    @Test(arguments: ["grpc", "http/protobuf"])
    func logsExporterOTLP_startup_listeningRecordReachesReceiver(exportProtocol: String) async throws {
        let receiver = try receiver
        let logsFile = try logsFile
        let serviceName = "catalog-logs-\(exportProtocol == "grpc" ? "grpc" : "http")-\(UInt32.random(in: .min ... .max))"
        let catalog = try ServiceProcess(binary: "catalog", environment: [
            "OTEL_SERVICE_NAME": serviceName,
            "OTEL_LOGS_EXPORTER": "otlp",
            "OTEL_EXPORTER_OTLP_PROTOCOL": exportProtocol,
            "OTEL_EXPORTER_OTLP_ENDPOINT": exportProtocol == "grpc" ? receiver.grpcEndpoint : receiver.httpEndpoint,
            "OTEL_BLRP_SCHEDULE_DELAY": "100",
            "OTEL_BSP_SCHEDULE_DELAY": "100",
        ])
        let ports = try await catalog.waitForPorts()

        let listening = try await ReceivedLogs.waitFor(serviceName: serviceName, in: logsFile) { $0.body == "listening" }
        #expect(listening.severityText == "INFO" || listening.severityNumber == 9)
        let boundPorts = [ports.http, ports.grpc, ports.metrics, ports.admin].map(String.init)
        #expect((listening.attributes["port"] as? String).map(boundPorts.contains) == true, "attributes: \(listening.attributes)")
        #expect(listening.resource["service.version"] as? String == "0.1.0")
        #expect(listening.timeUnixNano > 0)

        catalog.signal(SIGTERM)
        #expect(try await catalog.waitForExit() == 0, "stderr: \(catalog.standardError)")
    }
}
