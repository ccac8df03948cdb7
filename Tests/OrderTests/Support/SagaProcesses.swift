import Foundation

/// Built executables of this package (`.build/debug/<name>`, or `SERVICE_BINARY_DIR`) run as child processes.
enum SagaProcesses {
    static func binary(named name: String) -> URL {
        if let path = ProcessInfo.processInfo.environment["SERVICE_BINARY_DIR"] {
            return URL(fileURLWithPath: path).appendingPathComponent(name)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)")
    }

    /// Starts service `name` with `environment` (added to this process's, `OTEL_*` removed), output discarded.
    static func start(_ name: String, environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = binary(named: name)
        process.environment = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("OTEL_") }
            .merging(["OTEL_TRACES_EXPORTER": "none", "OTEL_LOGS_EXPORTER": "none", "OTEL_METRICS_EXPORTER": "none"]) { _, new in new }
            .merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    /// SIGTERM, then waits up to `seconds` for the exit (SIGKILL after that). Stop services before their broker:
    /// a consumer whose broker vanished mid-shutdown may not finish closing.
    static func stop(_ process: Process, within seconds: Int = 30) {
        guard process.isRunning else { return }
        process.terminate()
        let deadline = ContinuousClock.now + .seconds(seconds)
        while process.isRunning, ContinuousClock.now < deadline { usleep(50_000) }
        if process.isRunning { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// Starts `kafka-mock-broker` with `topics` and returns it with the `bootstrap=` address it printed.
    static func startBroker(topics: [String]) throws -> (process: Process, bootstrap: String) {
        let process = Process()
        process.executableURL = binary(named: "kafka-mock-broker")
        process.arguments = topics.flatMap { ["--topic", "\($0):1"] }
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        var text = ""
        while !text.contains("\n") {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            text += String(decoding: chunk, as: UTF8.self)
        }
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("bootstrap=") }) else {
            process.terminate()
            throw BrokerDidNotStart(output: text)
        }
        return (process, String(line.dropFirst("bootstrap=".count)))
    }

    struct BrokerDidNotStart: Error, CustomStringConvertible {
        var output: String
        var description: String { "kafka-mock-broker printed no bootstrap address: \(output)" }
    }
}
