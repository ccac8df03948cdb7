/// `/debug/build`: version, commit and toolchain of this binary.
public struct BuildEndpoint: DiagnosticsEndpoint {
    let info: BuildInfo

    /// Creates the endpoint.
    public init(info: BuildInfo) {
        self.info = info
    }

    /// `build`.
    public var path: String { "build" }
    /// The index line.
    public var summary: String { "version, git commit, toolchain" }

    /// Renders the build facts.
    public func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let fields = info.fields
        if request.wantsJSON { return .json(object: fields) }
        return .text(fields.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)\n" }.joined())
    }
}
