public import Logging

extension FlightRecorder {
    /// Writes one dump (OTLP JSON and Perfetto files) to the configured directory, counts it in
    /// `kit.flightrecorder.dumps{trigger}` (or `kit.flightrecorder.dump.failures`) and logs the outcome.
    /// - Returns: The paths written.
    @discardableResult
    public func writeDump(reason: String, logger: Logger) throws(FlightRecorderError) -> [String] {
        let writer = DumpWriter(
            directory: configuration.directory, retainedFiles: configuration.retainedDumps * 2,
            retainedBytes: configuration.retainedBytes
        )
        let files = DumpFormat.allCases.map { (suffix: $0.fileSuffix, bytes: dump(format: $0)) }
        do {
            let paths = try writer.writeDump(files, reason: reason, timeNanos: Self.nowNanos())
            countDump(trigger: reason)
            logger.notice(
                "flight recorder dump written",
                metadata: ["trigger": .string(reason), "path": .string(paths.first ?? ""), "paths": .array(paths.map { .string($0) })]
            )
            return paths
        } catch {
            failures.increment()
            logger.error(
                "flight recorder dump failed",
                metadata: ["trigger": .string(reason), "directory": .string(configuration.directory), "error": .string(error.description)]
            )
            throw error
        }
    }

    /// Publishes `kit.flightrecorder.bytes`.
    func publishGauge() {
        bytesGauge.record(statistics.usedBytes)
    }
}
