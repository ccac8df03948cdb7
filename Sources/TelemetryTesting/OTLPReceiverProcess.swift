import Foundation

/// A second real OTLP receiver (rotel, as scripts/test.sh starts it) that a test starts and stops itself.
package final class OTLPReceiverProcess {
    let process = Process()
    /// The JSONL file this receiver appends the spans it receives to (format: scripts/otlp-receiver/record_spans.py).
    package let spansFile: String

    /// Starts rotel on the two loopback ports (needs `OTLP_RECEIVER_AGENT` and `OTLP_RECEIVER_PROCESSOR`).
    package init(httpPort: Int, grpcPort: Int) throws {
        let environment = ProcessInfo.processInfo.environment
        guard let agent = environment["OTLP_RECEIVER_AGENT"] else { throw MissingTestEnvironment("OTLP_RECEIVER_AGENT") }
        guard let processor = environment["OTLP_RECEIVER_PROCESSOR"] else { throw MissingTestEnvironment("OTLP_RECEIVER_PROCESSOR") }
        spansFile = NSTemporaryDirectory() + "otlp-receiver-\(httpPort).jsonl"
        _ = FileManager.default.createFile(atPath: spansFile, contents: nil)
        process.executableURL = URL(fileURLWithPath: agent)
        process.arguments = [
            "start", "--otlp-grpc-endpoint", "127.0.0.1:\(grpcPort)", "--otlp-http-endpoint", "127.0.0.1:\(httpPort)",
            "--exporter", "blackhole", "--otlp-with-trace-processor", processor,
            "--pid-file", spansFile + ".pid", "--log-file", spansFile + ".log",
        ]
        process.environment = environment.merging(["OTLP_RECEIVED_SPANS": spansFile]) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
    }

    /// Stops the receiver: SIGTERM, then SIGKILL after five seconds. (Foundation's `waitUntilExit`
    /// spins without a run loop source on Linux, so it is not used.)
    package func stop() async {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(5)
        while process.isRunning, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
    }

    deinit {
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        for suffix in ["", ".pid", ".log"] { try? FileManager.default.removeItem(atPath: spansFile + suffix) }
    }
}
