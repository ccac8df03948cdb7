import ServiceRuntime
import TelemetryCore
import Testing

@Suite struct ServiceConfigurationTests {
    func configuration(_ environment: [String: String]) throws -> ServiceConfiguration {
        try ServiceConfiguration(name: "orders", version: "1.0.0", defaultPorts: .init(http: 8080, grpc: 9090, metrics: 9464), environment: environment)
    }

    @Test func taskLeakSettings_unset_defaultToFiveMinutesAndTheKitsListeners() throws {
        let configuration = try configuration([:])
        #expect(configuration.taskLeakAge == .seconds(300))
        #expect(configuration.longLivedTaskNames == ServiceRuntime.kitLongLivedTaskNames)
        #expect(configuration.longLivedTaskNames.contains("http.serve"))
    }

    @Test func taskLeakSettings_set_areReadAndAddedToTheKitsNames() throws {
        let configuration = try configuration(["TASK_LEAK_AGE_SECONDS": "30", "TASK_LEAK_EXEMPT_NAMES": "orders.consume, orders.relay,"])
        #expect(configuration.taskLeakAge == .seconds(30))
        #expect(configuration.longLivedTaskNames == ServiceRuntime.kitLongLivedTaskNames.union(["orders.consume", "orders.relay"]))
    }

    @Test func taskLeakAge_notAPositiveNumber_isAConfigurationError() {
        #expect(throws: ConfigurationError.self) { try configuration(["TASK_LEAK_AGE_SECONDS": "0"]) }
        #expect(throws: ConfigurationError.self) { try configuration(["TASK_LEAK_AGE_SECONDS": "soon"]) }
    }
}
