import Testing

/// grafana/alerts/*.rules.yml with their promtool unit tests, and the plain Prometheus configuration.
@Suite(.serialized)
struct AlertRulesTests {
    @Test func ruleFiles_promtoolCheckRules_passes() async throws {
        let result = try await OperationsCheck.run("rule_files_pass_promtool_check")
        #expect(result.passed, "\(result.output)")
    }

    @Test func ruleFiles_promtoolTestRules_passes() async throws {
        let result = try await OperationsCheck.run("rule_tests_pass_promtool_test")
        #expect(result.passed, "\(result.output)")
    }

    @Test func everyAlert_unitTests_haveFiringAndSilentCase() async throws {
        let result = try await OperationsCheck.run("every_alert_has_firing_and_silent_test")
        #expect(result.passed, "\(result.output)")
    }

    @Test func prometheusConfig_promtoolCheckConfig_passes() async throws {
        let result = try await OperationsCheck.run("prometheus_config_valid")
        #expect(result.passed, "\(result.output)")
    }
}
