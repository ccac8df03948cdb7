#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#endif

/// Small readers for `/proc` files, with plain `open`/`read`.
enum ProcFile {
    /// A whole file, or nil if it cannot be read.
    static func read(_ path: String) -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var contents: [UInt8] = []
        let chunk = 16384
        while true {
            let start = contents.count
            contents.append(contentsOf: repeatElement(0, count: chunk))
            let count = contents.withUnsafeMutableBytes { bytes in
                Glibc.read(descriptor, bytes.baseAddress! + start, chunk)
            }
            if count < 0 && errno == EINTR {
                contents.removeLast(chunk)
                continue
            }
            guard count >= 0 else { return nil }
            contents.removeLast(chunk - count)
            if count == 0 { return contents }
        }
    }

    /// A whole file as text, or nil if it cannot be read.
    static func text(_ path: String) -> String? {
        read(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of `Key:` in a `/proc/.../status`-style text, in bytes when the unit is `kB`.
    static func statusValue(_ key: String, in status: String) -> UInt64? {
        for line in status.split(separator: "\n") where line.hasPrefix(key + ":") {
            let fields = line.dropFirst(key.count + 1).split(omittingEmptySubsequences: true) { $0 == " " || $0 == "\t" }
            guard let first = fields.first, let value = UInt64(first) else { return nil }
            return fields.count > 1 && fields[1] == "kB" ? value * 1024 : value
        }
        return nil
    }
}
