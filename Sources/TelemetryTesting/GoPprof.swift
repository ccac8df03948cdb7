import Foundation

/// Runs the real pprof reader, `go tool pprof`, from Debian's `golang-go` (`$GO_PPROF`, set by
/// `scripts/test.sh`, else `go` on `PATH`).
package enum GoPprof {
    /// Whether `CI` is set (a missing reader then fails instead of skipping).
    package static let isCI = !(ProcessInfo.processInfo.environment["CI"] ?? "").isEmpty

    /// The `go` binary, if there is one.
    package static let go: String? = {
        let environment = ProcessInfo.processInfo.environment
        let candidates =
            [environment["GO_PPROF"]].compactMap { $0 }.filter { !$0.isEmpty }
            + (environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin").split(separator: ":").map { "\($0)/go" }
            + ["/usr/lib/go/bin/go"]
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// `go tool pprof ARGUMENTS... FILE` on `profile`; returns stdout, stderr and the exit status.
    package static func run(_ arguments: [String], profile: [UInt8]) async throws -> (output: String, errors: String, status: Int32) {
        guard let go else { throw GoNotFound() }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pprof-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("cpu.pb")
        try Data(profile).write(to: file)

        var environment = ProcessInfo.processInfo.environment
        environment["HOME"] = environment["HOME"] ?? directory.path
        environment["PPROF_TMPDIR"] = directory.path
        environment["GOCACHE"] = environment["GOCACHE"] ?? directory.appendingPathComponent("gocache").path
        let result = try await ChildProcess.run(go, ["tool", "pprof"] + arguments + [file.path], environment: environment)
        return (result.output, result.errors, result.status)
    }
}

/// `go` is not installed (Debian package `golang-go`; `scripts/test.sh` installs it and sets `$GO_PPROF`).
package struct GoNotFound: Error, CustomStringConvertible {
    /// What to install.
    package var description: String { "go not found ($GO_PPROF or PATH; Debian package `golang-go`)" }
}
