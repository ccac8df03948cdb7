#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// Where JSON log lines go: a file descriptor, or memory for tests.
public final class LogOutput: Sendable {
    enum Target {
        case fileDescriptor(Int32)
        case memory
    }

    let target: Target
    let lines = Mutex<[String]>([])

    init(target: Target) {
        self.target = target
    }

    /// Standard output, the container convention.
    public static let standardOutput = LogOutput(target: .fileDescriptor(1))

    /// Keeps lines in memory, for tests.
    public static func inMemory() -> LogOutput { LogOutput(target: .memory) }

    /// The lines written so far (in-memory outputs only).
    public var recordedLines: [String] { lines.withLock { $0 } }

    func write(_ line: [UInt8]) {
        switch target {
        case .fileDescriptor(let descriptor):
            // One write(2) per line keeps lines whole when several threads log at once.
            line.withUnsafeBytes { buffer in
                var offset = 0
                while offset < buffer.count {
                    let written = Glibc.write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                    if written <= 0 { return }
                    offset += written
                }
            }
        case .memory:
            lines.withLock { $0.append(String(decoding: line.dropLast(), as: UTF8.self)) }
        }
    }
}
