#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Facts about this process that telemetry identifies it by.
enum ProcessIdentity {
    /// The process id.
    static var processID: Int32 { getpid() }
}
