import Glibc
import Storage
import Synchronization

/// Appends one `<aggregate> <event id>` line per message to a file and fsyncs it before returning,
/// so a line on disk means "published" even if the process is killed right after.
final class FilePublisher: OutboxPublisher {
    struct OpenFailed: Error, CustomStringConvertible {
        var path: String
        var errno: Int32
        var description: String { "cannot open \(path): errno \(errno)" }
    }

    private let descriptor: Mutex<Int32>
    private let delay: Duration

    init(path: String, delay: Duration) throws {
        let descriptor = open(path, O_WRONLY | O_APPEND | O_CREAT, 0o644)
        guard descriptor >= 0 else { throw OpenFailed(path: path, errno: errno) }
        self.descriptor = Mutex(descriptor)
        self.delay = delay
    }

    deinit {
        descriptor.withLock { _ = close($0) }
    }

    func publish(_ message: OutboxMessage) async throws {
        if delay > .zero { try await Task.sleep(for: delay) }
        let line = Array("\(message.aggregateID) \(message.id)\n".utf8)
        descriptor.withLock { descriptor in
            line.withUnsafeBytes { bytes in _ = write(descriptor, bytes.baseAddress, bytes.count) }
            _ = fsync(descriptor)
        }
    }
}
