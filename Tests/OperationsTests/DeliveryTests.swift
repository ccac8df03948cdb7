import Testing

/// Argo CD, Argo Rollouts and Prometheus Operator resources.
@Suite(.serialized)
struct DeliveryTests {
    @Test func customResources_upstreamCRDSchemas_validateStrictly() async throws {
        let result = try await OperationsCheck.run("custom_resources_match_crds")
        #expect(result.passed, "\(result.output)")
    }

    @Test func applicationSet_gitDirectoryGenerator_coversEveryServiceFolderAndOverlay() async throws {
        let result = try await OperationsCheck.run("applicationset_covers_every_service")
        #expect(result.passed, "\(result.output)")
    }

    @Test func canaries_checkoutAndPayment_abortOnErrorRatioOrP99() async throws {
        let result = try await OperationsCheck.run("canaries_abort_on_red_metrics")
        #expect(result.passed, "\(result.output)")
    }

    @Test func prometheusRules_generatedFromRuleFiles_areCurrent() async throws {
        let result = try await OperationsCheck.run("prometheus_rules_current")
        #expect(result.passed, "\(result.output)")
    }
}
