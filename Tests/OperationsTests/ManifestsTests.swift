import Testing

/// The rendered Kubernetes manifests of deploy/ (every service overlay, deploy/otel, deploy/monitoring, deploy/platform).
@Suite(.serialized)
struct ManifestsTests {
    @Test func kustomize_everyOverlay_renders() async throws {
        let result = try await OperationsCheck.run("kustomize_builds")
        #expect(result.passed, "\(result.output)")
    }

    @Test func serviceFolders_eachService_hasBaseAndThreeOverlays() async throws {
        let result = try await OperationsCheck.run("overlays_complete")
        #expect(result.passed, "\(result.output)")
    }

    @Test func services_adminPort6060_isNeverExposed() async throws {
        let result = try await OperationsCheck.run("no_admin_port_exposed")
        #expect(result.passed, "\(result.output)")
    }

    @Test func services_publicPorts_areHTTPgRPCAndMetrics() async throws {
        let result = try await OperationsCheck.run("services_expose_public_ports")
        #expect(result.passed, "\(result.output)")
    }

    @Test func deployments_probes_useHealthzAndReadyzOnMetricsPort() async throws {
        let result = try await OperationsCheck.run("deployments_have_probes")
        #expect(result.passed, "\(result.output)")
    }

    @Test func workloads_securityContext_isNonRootReadOnlyWithoutCapabilities() async throws {
        let result = try await OperationsCheck.run("deployments_are_locked_down")
        #expect(result.passed, "\(result.output)")
    }

    @Test func workloads_containers_haveRequestsAndLimits() async throws {
        let result = try await OperationsCheck.run("deployments_have_resources")
        #expect(result.passed, "\(result.output)")
    }

    @Test func deployments_scratchDirectories_areEmptyDirs() async throws {
        let result = try await OperationsCheck.run("deployments_have_writable_scratch")
        #expect(result.passed, "\(result.output)")
    }

    @Test func deployments_environment_carriesDownwardAPIAndNodeLocalCollector() async throws {
        let result = try await OperationsCheck.run("deployments_have_telemetry_environment")
        #expect(result.passed, "\(result.output)")
    }

    @Test func deployments_disruptionBudget_coversEveryService() async throws {
        let result = try await OperationsCheck.run("disruption_budgets_cover_services")
        #expect(result.passed, "\(result.output)")
    }

    @Test func databases_networkPolicy_admitsOnlyOwningService() async throws {
        let result = try await OperationsCheck.run("databases_admit_only_their_owner")
        #expect(result.passed, "\(result.output)")
    }

    @Test func builtinKinds_strictSchemaValidation_passes() async throws {
        let result = try await OperationsCheck.run("builtin_kinds_match_schemas")
        #expect(result.passed, "\(result.output)")
    }
}
