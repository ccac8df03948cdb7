/// One thread of a ``ThreadDump``.
public struct ThreadStack: Sendable, Hashable, Codable {
    /// The kernel thread id (`/proc/self/task/<id>`); the main thread's equals the process id.
    public var id: Int32
    /// The thread's name (`/proc/self/task/<id>/comm`).
    public var name: String
    /// The scheduler state from `/proc/self/task/<id>/stat` (`running`, `sleeping`, `disk sleep`, ...).
    public var state: String
    /// True for the thread that took the dump.
    public var isCurrent: Bool
    /// Innermost frame first; empty when the thread did not answer (see `note`).
    public var frames: [StackFrame]
    /// Why `frames` is empty or short, if known.
    public var note: String?

    /// Creates a thread's entry.
    public init(id: Int32, name: String, state: String, isCurrent: Bool, frames: [StackFrame], note: String? = nil) {
        self.id = id
        self.name = name
        self.state = state
        self.isCurrent = isCurrent
        self.frames = frames
        self.note = note
    }
}
