import Kafka
import Profiling
import Testing

/// A cluster of its own: before the fix, the signals below took the broker down for good.
@Suite(.timeLimit(.minutes(1))) struct KafkaMockClusterTests {
    /// A thread dump (the diagnostics port, or the whole test process) sends SIGPROF to every thread, and a
    /// CPU profile sends it to busy ones. librdkafka 2.0.2's mock cluster thread stops serving on the first
    /// `poll()` that returns EINTR, so an embedded broker must not take signals on that thread.
    @Test func threadDumps_whileRunning_brokerKeepsServing() async throws {
        let cluster = try KafkaMockCluster()
        defer { cluster.shutdown() }
        try cluster.createTopic("signalled", partitions: 1)
        var options = KafkaProducerOptions()
        options.deliveryTimeout = .seconds(15)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: cluster.bootstrapServers), options: options)
        try await withRunning([producer]) {
            try await producer.send("signalled", key: "k", "before")
            // Several dumps: a signal only interrupts poll() when it lands while the thread waits in it.
            var threadNames: Set<String> = []
            for _ in 0..<5 {
                threadNames.formUnion(try ThreadDump.capture(timeout: .milliseconds(20)).threads.map(\.name))
                try await Task.sleep(for: .milliseconds(50))
            }
            #expect(threadNames.contains("rdk:mock"), "the dumps found the mock cluster's thread: \(threadNames.sorted())")
            let delivery = try await producer.send("signalled", key: "k", "after")
            #expect(delivery.offset == 1)
        }
    }
}
