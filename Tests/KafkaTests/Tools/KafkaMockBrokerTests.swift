import Foundation
import Kafka
import Synchronization
import TelemetryTesting
import Testing

/// The `kafka-mock-broker` executable: a broker outside the test process.
@Suite(.timeLimit(.minutes(1))) struct KafkaMockBrokerTests {
    private static var binary: URL {
        if let directory = ProcessInfo.processInfo.environment["SERVICE_BINARY_DIR"] {
            return URL(fileURLWithPath: directory).appendingPathComponent("kafka-mock-broker")
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/kafka-mock-broker")
    }

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: binary.path), "build kafka-mock-broker first"))
    func run_untilSIGTERM_servesProducersOnThePrintedAddressThenExitsCleanly() async throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["--topic", "external:2"]
        let stdout = Pipe()
        process.standardOutput = stdout
        let text = Mutex("")
        stdout.fileHandleForReading.readabilityHandler = { handle in
            let chunk = handle.availableData
            if chunk.isEmpty { handle.readabilityHandler = nil }
            text.withLock { $0 += String(decoding: chunk, as: UTF8.self) }
        }
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        try await eventually("the bootstrap line", within: 10) { text.withLock { $0.contains("\n") } }
        let line = text.withLock { $0 }.split(separator: "\n").first.map(String.init) ?? ""
        #expect(line.hasPrefix("bootstrap=127.0.0.1:"))
        let producer = try KafkaProducer(configuration: KafkaConfiguration(brokers: String(line.dropFirst("bootstrap=".count))))
        try await withRunning([producer]) {
            let delivery = try await producer.send(topic: "external", key: Array("k".utf8), value: Array("v".utf8))
            #expect(delivery.offset == 0)
        }

        process.terminate()
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }
}
