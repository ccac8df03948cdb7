import Foundation
import Kafka
import TelemetryTesting
import Testing

/// A cluster of its own: before the fix, the signals below took the broker down for good.
@Suite(.timeLimit(.minutes(1))) struct KafkaMockClusterTests {
    /// A thread dump (`ThreadDump` sends SIGPROF to every thread), a CPU profile (SIGPROF to busy threads)
    /// or SIGTERM/SIGUSR2 can land on the mock cluster's thread. librdkafka 2.0.2 ends that thread on the
    /// first `poll()` that returns EINTR, so the thread must block signals for the broker to keep serving.
    /// SIGURG stands in for them: a handler of its own leaves the profiler's SIGPROF handler alone.
    @Test func signalsOnTheMockThread_whileRunning_brokerKeepsServing() async throws {
        let cluster = try Self.clusterCreatedWithNoSignalBlocked()
        defer { cluster.shutdown() }
        try cluster.createTopic("signalled", partitions: 1)
        var options = KafkaProducerOptions()
        options.deliveryTimeout = .seconds(15)
        let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: cluster.bootstrapServers), options: options)
        try await withRunning([producer]) {
            try await producer.send("signalled", key: "k", "before")
            Self.installNoOpHandler(SIGURG)
            let mockThreads = Self.threadIDs(named: "rdk:mock")
            #expect(!mockThreads.isEmpty, "no thread named rdk:mock")
            // Several rounds: a signal only interrupts poll() when it lands while the thread waits in it.
            for _ in 0..<5 {
                for thread in mockThreads { _ = tgkill(getpid(), thread, SIGURG) }
                try await Task.sleep(for: .milliseconds(50))
            }
            let delivery = try await producer.send("signalled", key: "k", "after")
            #expect(delivery.offset == 1)
        }
    }

    /// Creates the cluster as a service's main thread would, where no signal is blocked (test-runner
    /// threads block most signals, and the mock thread inherits its creator's mask).
    private static func clusterCreatedWithNoSignalBlocked() throws -> KafkaMockCluster {
        var none = sigset_t()
        var previous = sigset_t()
        sigemptyset(&none)
        pthread_sigmask(SIG_SETMASK, &none, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        return try KafkaMockCluster()
    }

    /// A handled signal interrupts blocking calls (SIGURG's default action, ignore, would not).
    private static func installNoOpHandler(_ signal: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = { _ in }
        sigemptyset(&action.sa_mask)
        sigaction(signal, &action, nil)
    }

    private static func threadIDs(named name: String) -> [Int32] {
        let tasks = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []
        return tasks.compactMap { task in
            let comm = try? String(contentsOfFile: "/proc/self/task/\(task)/comm", encoding: .utf8)
            return comm?.trimmingCharacters(in: .whitespacesAndNewlines) == name ? Int32(task) : nil
        }
    }
}

/// glibc's `tgkill(2)` wrapper (glibc >= 2.30), which the Glibc module does not import: sends `signal`
/// to one thread.
@_silgen_name("tgkill")
private func tgkill(_ processID: Int32, _ threadID: Int32, _ signal: Int32) -> Int32
