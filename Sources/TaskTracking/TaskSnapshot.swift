/// The live tracked tasks grouped by name and creation site: what `/debug/tasks` shows (the Swift
/// counterpart of Go's goroutine profile). Encodes to JSON with any `JSONEncoder`.
public struct TaskSnapshot: Sendable, Hashable, Codable {
    /// The tasks of one name started at one site.
    public struct Group: Sendable, Hashable, Codable {
        /// The tasks' name.
        public var name: String
        /// Where they were started: `Module/File.swift:42`.
        public var site: String
        /// How many are alive.
        public var count: Int
        /// Age of the oldest, in seconds.
        public var oldestAgeSeconds: Double
        /// Age of the youngest, in seconds.
        public var youngestAgeSeconds: Double
        /// How many have a deadline.
        public var withDeadline: Int
        /// How many are past their deadline.
        public var pastDeadline: Int
        /// Seconds until the earliest deadline (negative when it has passed); nil when none has one.
        public var earliestDeadlineInSeconds: Double?
        /// How many the watchdog flagged as suspected leaks.
        public var suspectedLeaks: Int
        /// Distinct trace ids (hex) the tasks were started in, at most ``TaskSnapshot/traceIDLimit``.
        public var traceIDs: [String]
    }

    /// Most trace ids listed per group.
    public static let traceIDLimit = 10

    /// Live tracked tasks in all.
    public var liveTasks: Int
    /// The groups, largest first (then oldest first).
    public var groups: [Group]

    /// Groups `tasks` as seen at `now`.
    public init(tasks: [TrackedTaskRecord], at now: ContinuousClock.Instant) {
        struct Key: Hashable {
            var name: String
            var site: String
        }
        var groups: [Key: Group] = [:]
        for task in tasks {
            let age = Self.seconds(task.age(at: now))
            let untilDeadline = task.deadline.map { Self.seconds(now.duration(to: $0)) }
            let key = Key(name: task.name, site: task.site)
            var group = groups[key] ?? Group(
                name: task.name, site: task.site, count: 0, oldestAgeSeconds: age, youngestAgeSeconds: age,
                withDeadline: 0, pastDeadline: 0, earliestDeadlineInSeconds: nil, suspectedLeaks: 0, traceIDs: []
            )
            group.count += 1
            group.oldestAgeSeconds = max(group.oldestAgeSeconds, age)
            group.youngestAgeSeconds = min(group.youngestAgeSeconds, age)
            if let untilDeadline {
                group.withDeadline += 1
                if untilDeadline < 0 { group.pastDeadline += 1 }
                group.earliestDeadlineInSeconds = min(group.earliestDeadlineInSeconds ?? untilDeadline, untilDeadline)
            }
            if task.isSuspectedLeak { group.suspectedLeaks += 1 }
            if let traceID = task.traceID, group.traceIDs.count < Self.traceIDLimit, !group.traceIDs.contains(traceID) {
                group.traceIDs.append(traceID)
            }
            groups[key] = group
        }
        liveTasks = tasks.count
        self.groups = groups.values.sorted {
            ($0.count, $0.oldestAgeSeconds, $1.name, $1.site) > ($1.count, $1.oldestAgeSeconds, $0.name, $0.site)
        }
    }

    /// `duration` in seconds, to the millisecond.
    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return ((Double(seconds) + Double(attoseconds) / 1e18) * 1000).rounded() / 1000
    }
}

extension TaskRegistry {
    /// The live tasks grouped by name and creation site.
    public func snapshot(at now: ContinuousClock.Instant = .now) -> TaskSnapshot {
        TaskSnapshot(tasks: liveTasks(), at: now)
    }
}
