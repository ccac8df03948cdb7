/// The static facts of a tracked task handed to a ``TaskLifecycleObserver``: no allocation to build.
public struct TrackedTaskInfo: Sendable {
    /// The task's name (bounded: it is a metric label).
    public let name: StaticString
    /// The file that started it (`#fileID`).
    public let fileID: StaticString
    /// The line that started it.
    public let line: UInt
    /// When it was started.
    public let start: ContinuousClock.Instant
    /// When it should have finished, if it said.
    public let deadline: ContinuousClock.Instant?

    /// `Module/File.swift:42`.
    public var site: String { "\(fileID):\(line)" }
}
