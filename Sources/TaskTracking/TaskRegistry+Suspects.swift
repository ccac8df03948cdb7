extension TaskRegistry {
    /// Marks and returns the live tasks, not flagged before, that are past their deadline or older than
    /// `maximumAge` (names in `exempt` are never flagged for age). Each task is returned at most once.
    func flagSuspects(
        at now: ContinuousClock.Instant, maximumAge: Duration, exempt: Set<String>
    ) -> [SuspectedTaskLeak] {
        let flagged = state.withLock { state in
            var flagged: [(TrackedTaskID, TrackedTaskEntry, SuspectedTaskLeak.Reason)] = []
            state.slab.forEach { id, entry in
                guard !entry.flagged else { return }
                let reason: SuspectedTaskLeak.Reason
                if let deadline = entry.deadline, deadline < now {
                    reason = .pastDeadline
                } else if entry.start.duration(to: now) > maximumAge, !exempt.contains(entry.metrics.name) {
                    reason = .olderThanThreshold
                } else {
                    return
                }
                entry.flagged = true
                flagged.append((id, entry, reason))
            }
            return flagged
        }
        return flagged.map { id, entry, reason in
            SuspectedTaskLeak(task: record(id, entry), reason: reason, age: entry.start.duration(to: now))
        }
    }

    /// The installed lifecycle observer.
    var observer: (any TaskLifecycleObserver)? { state.withLock { $0.observer } }

    /// Counts a suspected leak in `kit.tasks.leaks.suspected` for its task's name.
    func countLeak(named name: String) {
        let metrics = state.withLock { $0.metricsByName[name] }
        metrics?.leaks.increment()
    }
}
