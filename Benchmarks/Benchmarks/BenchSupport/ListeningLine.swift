#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The line a server prints once a listener is bound, in the same shape as the services' JSON logs:
/// `{"message":"listening","listener":"http","port":"8080"}`. The cold-start probe reads it.
public enum ListeningLine {
    /// Writes the line to standard output, unbuffered.
    public static func write(listener: String, port: Int) {
        let line = "{\"message\":\"listening\",\"listener\":\"\(listener)\",\"port\":\"\(port)\"}\n"
        var bytes = Array(line.utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeMutableBytes { Glibc.write(1, $0.baseAddress! + offset, $0.count - offset) }
            if written <= 0 { return }
            offset += written
        }
    }

    /// The port of `listener` if `line` announces it.
    public static func port(in line: Substring, listener: String) -> Int? {
        guard line.contains("\"message\":\"listening\""), line.contains("\"listener\":\"\(listener)\"") else { return nil }
        guard let key = line.firstRange(of: "\"port\":") else { return nil }
        let digits = line[key.upperBound...].drop { $0 == "\"" || $0 == " " }.prefix { $0.isNumber }
        return Int(digits)
    }
}
