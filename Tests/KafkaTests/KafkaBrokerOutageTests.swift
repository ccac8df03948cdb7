import Kafka
import TelemetryTesting
import Testing

/// A broker outage on a cluster of its own (the shared one stays up for the other suites).
@Suite(.timeLimit(.minutes(1))) struct KafkaBrokerOutageTests {
    @Test func brokerDown_whileProducing_buffersReportsUnreachableAndDeliversAfterRecovery() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.shutdown() }
        try cluster.createTopic("outage", partitions: 1)
        let configuration = KafkaConfiguration(
            brokers: cluster.bootstrapServers,
            properties: ["session.timeout.ms": "6000", "heartbeat.interval.ms": "500", "reconnect.backoff.max.ms": "200"]
        )
        var producerOptions = KafkaProducerOptions()
        producerOptions.statisticsInterval = .milliseconds(200)
        let producer = try KafkaProducer(configuration: configuration, options: producerOptions)
        let received = Recorded<String>()
        var consumerOptions = KafkaConsumerOptions(groupID: "outage-group", topics: ["outage"])
        consumerOptions.statisticsInterval = .milliseconds(200)
        let consumer = try KafkaConsumer(configuration: configuration, options: consumerOptions, deadLetterProducer: producer) {
            received.append($0.valueString)
        }
        try await withRunning([producer, consumer]) {
            try await producer.send(topic: "outage", key: nil, value: Array("before".utf8))
            try await eventually("the first message") { received.count == 1 }
            #expect(producer.health.isBrokerReachable)

            try cluster.setBroker(1, up: false)
            try await eventually("the producer to see the outage") { !producer.health.isBrokerReachable }
            async let buffered = producer.send(topic: "outage", key: nil, value: Array("during".utf8))
            try cluster.setBroker(1, up: true)
            _ = try await buffered
            try await eventually("the buffered message to be consumed", within: 30) { received.count == 2 }
            #expect(producer.health.isBrokerReachable)
        }
        #expect(received.all == ["before", "during"])
    }

    @Test func checkBrokerReachable_beforeAnyStatistics_asksTheBroker() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.shutdown() }
        var options = KafkaProducerOptions()
        options.statisticsInterval = nil  // no report will ever say the broker is up: only the check can
        let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: cluster.bootstrapServers), options: options)
        #expect(!producer.health.isBrokerReachable)
        #expect(await producer.health.checkBrokerReachable())
        #expect(producer.health.isBrokerReachable)

        try cluster.setBroker(1, up: false)
        let unreachable = try KafkaProducer(configuration: KafkaConfiguration(brokers: cluster.bootstrapServers), options: options)
        #expect(!(await unreachable.health.checkBrokerReachable()))
    }
}
