#if canImport(Glibc)
@preconcurrency import Glibc
#endif

/// Plain text to a file descriptor, for messages printed before logging exists.
struct FileDescriptorOutput {
    let descriptor: Int32

    static let standardError = FileDescriptorOutput(descriptor: 2)

    func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in _ = Glibc.write(descriptor, buffer.baseAddress, buffer.count) }
    }
}
