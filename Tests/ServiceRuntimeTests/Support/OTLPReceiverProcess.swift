import Foundation
import Testing

/// A second real OTLP receiver (rotel, as scripts/test.sh starts it) that a test starts and stops itself.
final class OTLPReceiverProcess {
    let process = Process()
    let spansFile: String

    init(httpPort: Int, grpcPort: Int) throws {
        let environment = ProcessInfo.processInfo.environment
        let agent = try #require(environment["OTLP_RECEIVER_AGENT"], "run the tests through scripts/test.sh")
        let processor = try #require(environment["OTLP_RECEIVER_PROCESSOR"], "run the tests through scripts/test.sh")
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
    func stop() async {
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
