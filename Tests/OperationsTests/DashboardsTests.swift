import Testing

/// grafana/dashboards and every PromQL expression of the platform (panels, variables, alerts, canary
/// analysis, data-source links).
@Suite(.serialized)
struct DashboardsTests {
    @Test func dashboards_generator_matchesCommittedJSON() async throws {
        let result = try await OperationsCheck.run("dashboards_current")
        #expect(result.passed, "\(result.output)")
    }

    @Test func dashboards_json_isWellFormedWithProvisionedDataSources() async throws {
        let result = try await OperationsCheck.run("dashboards_well_formed")
        #expect(result.passed, "\(result.output)")
    }

    @Test func queries_metricNames_areTheKitsNames() async throws {
        let result = try await OperationsCheck.run("queries_use_known_metrics")
        #expect(result.passed, "\(result.output)")
    }

    @Test func queries_realPrometheus_evaluatesEveryExpression() async throws {
        let result = try await OperationsCheck.run("queries_run_on_prometheus")
        #expect(result.passed, "\(result.output)")
    }

    /// The six services, Kafka and Prometheus, under load and then with Pricing stopped (takes about a minute).
    @Test func queries_realPlatformUnderLoad_returnDataForEveryPanel() async throws {
        let result = try await OperationsCheck.run("queries_return_data_from_the_platform")
        #expect(result.passed, "\(result.output)")
    }
}
