/// Build facts of a service binary.
///
/// The commit comes from `BuildStamp.swift`, which `scripts/stamp-build.sh` regenerates before an image
/// build (checked in as `unknown`); the toolchain version is the compiler's, fixed at compile time.
public struct BuildInfo: Sendable, Equatable {
    /// `service.version`.
    public var version: String
    /// The git commit the binary was built from.
    public var commit: String
    /// The Swift compiler that built it.
    public var toolchain: String
    /// The service name.
    public var service: String

    /// Creates build facts; `commit` defaults to the stamped one.
    public init(service: String, version: String, commit: String = BuildStamp.commit, toolchain: String = BuildInfo.compilerVersion) {
        self.service = service
        self.version = version
        self.commit = commit
        self.toolchain = toolchain
    }

    /// The fields as shown.
    public var fields: [String: String] {
        ["service": service, "version": version, "commit": commit, "toolchain": toolchain]
    }

    /// The compiler version, from `#if compiler` checks.
    public static var compilerVersion: String {
        #if compiler(>=6.4)
        "Swift 6.4 or newer"
        #elseif compiler(>=6.3)
        "Swift 6.3"
        #elseif compiler(>=6.2)
        "Swift 6.2"
        #elseif compiler(>=6.1)
        "Swift 6.1"
        #else
        "Swift 6.0 or older"
        #endif
    }
}
