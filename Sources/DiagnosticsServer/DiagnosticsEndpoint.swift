/// One page of the admin port, mounted at `/debug/<path>`: the seam other targets (task tracking, the
/// profiler) plug into without the server knowing them.
///
/// ```swift
/// struct TasksEndpoint: DiagnosticsEndpoint {
///     let path = "tasks"
///     let summary = "live tracked tasks by name and creation site"
///     func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
///         request.wantsJSON ? .json(object: tracker.snapshotJSON()) : .text(tracker.snapshotText())
///     }
/// }
/// let server = try DiagnosticsServer(configuration: config, endpoints: [TasksEndpoint()] + builtIns, logger: logger)
/// ```
public protocol DiagnosticsEndpoint: Sendable {
    /// The path below `/debug/`, e.g. `tasks` or `pprof/profile`.
    var path: String { get }
    /// One line for the `/debug/` index.
    var summary: String { get }
    /// The HTTP methods served (default GET).
    var methods: [String] { get }
    /// The requests whose responses `/debug/bundle` includes (default: the text and the JSON rendering).
    var bundleRequests: [DiagnosticsRequest] { get }
    /// Answers one request; throw a ``DiagnosticsError`` for 400/404/409.
    func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse
}

extension DiagnosticsEndpoint {
    /// GET only.
    public var methods: [String] { ["GET"] }

    /// The text and the JSON rendering.
    public var bundleRequests: [DiagnosticsRequest] {
        [DiagnosticsRequest(), DiagnosticsRequest(query: ["format": "json"])]
    }
}

/// An endpoint made of a closure, for the smallest possible registration.
///
/// ```swift
/// ClosureEndpoint(path: "heap", summary: "allocator statistics") { request in .text(heapReport()) }
/// ```
public struct ClosureEndpoint: DiagnosticsEndpoint {
    /// The path below `/debug/`.
    public let path: String
    /// One line for the index.
    public let summary: String
    /// The methods served.
    public let methods: [String]
    /// What the bundle includes.
    public let bundleRequests: [DiagnosticsRequest]
    let handler: @Sendable (DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse

    /// Creates an endpoint.
    public init(
        path: String, summary: String, methods: [String] = ["GET"],
        bundleRequests: [DiagnosticsRequest] = [DiagnosticsRequest(), DiagnosticsRequest(query: ["format": "json"])],
        handler: @escaping @Sendable (DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse
    ) {
        self.path = path
        self.summary = summary
        self.methods = methods
        self.bundleRequests = bundleRequests
        self.handler = handler
    }

    /// Runs the closure.
    public func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        try await handler(request)
    }
}
