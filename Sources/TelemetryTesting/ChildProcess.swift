package import Foundation

/// Runs a program to completion for a test without blocking the cooperative thread pool.
///
/// `Pipe` reads and `Process.waitUntilExit()` block (the latter spins on Linux): on a 2-core machine two
/// such calls on the pool stall every other test's tasks, and in-process servers then miss their deadlines.
/// Here the blocking part runs on threads of its own and the caller only awaits.
package enum ChildProcess {
    /// What the program printed and how it ended.
    package struct Result: Sendable {
        /// The exit status.
        package var status: Int32
        /// Standard output.
        package var output: String
        /// Standard error (empty when it was merged into ``output``).
        package var errors: String
    }

    /// Runs `executable` with `arguments` and returns its output once it has exited.
    /// - Parameters:
    ///   - input: Bytes written to its standard input (closed afterwards); nil for none.
    ///   - mergeErrors: Send standard error to ``Result/output`` too.
    package static func run(
        _ executable: String, _ arguments: [String], environment: [String: String]? = nil, directory: URL? = nil,
        input: [UInt8]? = nil, mergeErrors: Bool = false
    ) async throws -> Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        if let directory { process.currentDirectoryURL = directory }
        let stdout = Pipe()
        let stderr = Pipe()
        let stdin = Pipe()
        process.standardOutput = stdout
        process.standardError = mergeErrors ? stdout : stderr
        process.standardInput = input == nil ? FileHandle.nullDevice : stdin
        let exited = AsyncStream<Int32>.makeStream()
        process.terminationHandler = { exited.continuation.yield($0.terminationStatus) }
        try process.run()
        async let output = readToEnd(stdout)
        async let errors = mergeErrors ? Data() : readToEnd(stderr)
        if let input {
            try stdin.fileHandleForWriting.write(contentsOf: input)
            try stdin.fileHandleForWriting.close()
        }
        var status: Int32 = -1
        for await code in exited.stream {
            status = code
            break
        }
        return Result(status: status, output: String(decoding: await output, as: UTF8.self), errors: String(decoding: await errors, as: UTF8.self))
    }

    /// Everything until end of file, read on a thread of its own.
    private static func readToEnd(_ pipe: Pipe) async -> Data {
        await withCheckedContinuation { continuation in
            let reader = pipe.fileHandleForReading
            Thread { continuation.resume(returning: reader.readDataToEndOfFile()) }.start()
        }
    }
}
