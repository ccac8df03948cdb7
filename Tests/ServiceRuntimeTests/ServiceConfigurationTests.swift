import Kafka
import ServiceRuntime
import Storage
import TelemetryCore
import Testing

@Suite struct ServiceConfigurationTests {
    func configuration(_ environment: [String: String]) throws -> ServiceConfiguration {
        try ServiceConfiguration(name: "orders", version: "1.0.0", defaultPorts: .init(http: 8080, grpc: 9090, metrics: 9464), environment: environment)
    }

    @Test func baggageSpanAttributes_unsetSetOrNone_areThePlatformsTheListedOrNone() throws {
        #expect(try configuration([:]).telemetry.baggageSpanAttributes == ["commerce.order.id"])
        #expect(try configuration(["BAGGAGE_SPAN_ATTRIBUTES": "tenant.id, commerce.order.id"]).telemetry.baggageSpanAttributes == ["tenant.id", "commerce.order.id"])
        #expect(try configuration(["BAGGAGE_SPAN_ATTRIBUTES": "none"]).telemetry.baggageSpanAttributes.isEmpty)
    }

    @Test func kafkaFetchWait_embeddedRealOrSet_isTenMillisecondsLibrdkafkasOrTheValue() throws {
        #expect(try configuration([:]).kafkaFetchWaitMax == .milliseconds(10))
        #expect(try configuration(["KAFKA_BROKERS": "kafka:9092"]).kafkaFetchWaitMax == nil)
        #expect(try configuration(["KAFKA_BROKERS": "127.0.0.1:9092", "KAFKA_FETCH_WAIT_MAX_MS": "10"]).kafkaFetchWaitMax == .milliseconds(10))
        #expect(throws: ConfigurationError.self) { try configuration(["KAFKA_FETCH_WAIT_MAX_MS": "-1"]) }
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

    @Test func kafkaBrokers_unsetOrEmpty_isEmbeddedWithTheServiceAsClientID() throws {
        for environment in [[:], ["KAFKA_BROKERS": ""], ["KAFKA_BROKERS": "  "]] {
            let kafka = try configuration(environment).kafka
            #expect(kafka.isEmbedded)
            #expect(kafka.clientID == "orders")
        }
    }

    @Test func kafkaBrokers_set_connectsThere() throws {
        let kafka = try configuration(["KAFKA_BROKERS": "kafka-1:9092,kafka-2:9092"]).kafka
        #expect(!kafka.isEmbedded)
        #expect(kafka.brokers == "kafka-1:9092,kafka-2:9092")
    }

    @Test func database_unsetURL_isSQLiteUnderDataDir_andAURLIsPostgreSQL() throws {
        #expect(try configuration([:]).database == .sqlite(path: "./.run/data/orders.sqlite"))
        #expect(try configuration(["DATA_DIR": "/var/lib/orders"]).database == .sqlite(path: "/var/lib/orders/orders.sqlite"))
        #expect(try configuration(["DATABASE_URL": "postgres://app@db:5432/orders"]).database.dialect == .postgresql)
        #expect(throws: ConfigurationError.self) { try configuration(["DATABASE_URL": "mysql://db/orders"]) }
    }
}
