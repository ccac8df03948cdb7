/// One live tracked task as reported by ``TaskRegistry/liveTasks()`` and the leak checks.
public struct TrackedTaskRecord: Sendable, Hashable {
    /// The task's id.
    public var id: TrackedTaskID
    /// The tracked task that started it (``TrackedTaskID/none`` at top level).
    public var parent: TrackedTaskID
    /// The task's name.
    public var name: String
    /// Where it was started: `Module/File.swift:42`.
    public var site: String
    /// When it was started.
    public var start: ContinuousClock.Instant
    /// When it should have finished, if it said.
    public var deadline: ContinuousClock.Instant?
    /// The trace id (hex) of the span its creator ran in; nil outside any trace.
    public var traceID: String?
    /// The span id (hex) of that span.
    public var spanID: String?
    /// Whether the watchdog has flagged it.
    public var isSuspectedLeak: Bool

    /// Creates a record (tests, tools).
    public init(
        id: TrackedTaskID, parent: TrackedTaskID, name: String, site: String, start: ContinuousClock.Instant,
        deadline: ContinuousClock.Instant?, traceID: String?, spanID: String?, isSuspectedLeak: Bool
    ) {
        self.id = id
        self.parent = parent
        self.name = name
        self.site = site
        self.start = start
        self.deadline = deadline
        self.traceID = traceID
        self.spanID = spanID
        self.isSuspectedLeak = isSuspectedLeak
    }

    /// How long it has been alive at `now`.
    public func age(at now: ContinuousClock.Instant) -> Duration { start.duration(to: now) }

    /// One line for people: `name at site, age 12.5 s, trace 4bf9...`.
    public func summary(at now: ContinuousClock.Instant) -> String {
        var line = "\(name) started at \(site), age \(TaskSnapshot.seconds(age(at: now))) s"
        if let deadline { line += deadline < now ? ", past its deadline" : ", deadline in \(TaskSnapshot.seconds(now.duration(to: deadline))) s" }
        if let traceID { line += ", trace \(traceID)" }
        return line
    }
}
