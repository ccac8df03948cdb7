/// The static facts of a tracked task handed to a ``TaskLifecycleObserver``: no allocation and no
/// clock read to build.
public struct TrackedTaskInfo: Sendable {
    /// The task's name (bounded: it is a metric label).
    public let name: StaticString
    /// The file that started it (`#fileID`).
    public let fileID: StaticString
    /// The line that started it.
    public let line: UInt
    /// ``TaskClock`` nanoseconds.
    let startNanoseconds: Int64
    /// The deadline as a `Duration` from ``TaskClock/epoch``.
    let deadlineOffset: Duration?

    init(name: StaticString, fileID: StaticString, line: UInt, startNanoseconds: Int64, deadlineOffset: Duration?) {
        self.name = name
        self.fileID = fileID
        self.line = line
        self.startNanoseconds = startNanoseconds
        self.deadlineOffset = deadlineOffset
    }

    /// When it should have finished, if it said.
    public var deadline: ContinuousClock.Instant? { deadlineOffset.map { TaskClock.epoch.advanced(by: $0) } }

    /// When it was started (to the kernel's scheduler tick, see ``TaskClock``), computed when read.
    public var start: ContinuousClock.Instant { TaskClock.Reference().instant(startNanoseconds) }

    /// `Module/File.swift:42`.
    public var site: String { "\(fileID):\(line)" }
}
