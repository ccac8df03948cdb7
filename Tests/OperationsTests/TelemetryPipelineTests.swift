import Foundation
import Testing

/// otel/collector.yaml, otel/tempo.yaml, the Grafana data sources, and that every YAML file parses.
@Suite(.serialized)
struct TelemetryPipelineTests {
    @Test func yamlFiles_otelGrafanaDeploy_allParse() async throws {
        let result = try await OperationsCheck.run("yaml_files_parse")
        #expect(result.passed, "\(result.output)")
    }

    @Test func collector_pipelines_areWiredWithSamplingAndKafkaEdges() async throws {
        let result = try await OperationsCheck.run("collector_config_structure")
        #expect(result.passed, "\(result.output)")
    }

    @Test func tempo_metricsGenerator_isEnabled() async throws {
        let result = try await OperationsCheck.run("tempo_generates_metrics")
        #expect(result.passed, "\(result.output)")
    }

    @Test func dataSources_links_connectMetricsTracesAndLogs() async throws {
        let result = try await OperationsCheck.run("datasources_link_signals")
        #expect(result.passed, "\(result.output)")
    }

    @Test func validator_unknownCheck_fails() async throws {
        let result = try await OperationsCheck.run("no_such_check")
        #expect(!result.passed, "an unknown check name must fail, or a renamed check would pass silently")
    }

    @Test func validator_everyCheck_hasANamedTest() async throws {
        let list = try await OperationsCheck.run("--list")
        try #require(list.passed, "\(list.output)")
        let folder = OperationsCheck.root.appendingPathComponent("Tests/OperationsTests")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.path).filter { $0.hasSuffix(".swift") }
        let sources = try names.map { try String(contentsOf: folder.appendingPathComponent($0), encoding: .utf8) }.joined()
        let checks = list.output.split(separator: "\n").map(String.init)
        #expect(checks.count > 20)
        for check in checks {
            #expect(sources.contains("run(\"\(check)\")"), "check \(check) has no test in Tests/OperationsTests")
        }
    }
}
