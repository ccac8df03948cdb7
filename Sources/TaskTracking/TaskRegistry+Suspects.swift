extension TaskRegistry {
    /// Marks and returns the live tasks, not flagged before, that are past their deadline or older than
    /// `maximumAge` (names in `exempt` are never flagged for age). Each task is returned at most once.
    func flagSuspects(
        at now: ContinuousClock.Instant, maximumAge: Duration, exempt: Set<String>
    ) -> [SuspectedTaskLeak] {
        let reference = TaskClock.Reference()
        let flagged = state.withLock { state in
            var flagged: [(TrackedTaskID, TrackedTaskEntry, SuspectedTaskLeak.Reason)] = []
            state.slab.forEach { id, entry in
                guard !entry.flagged else { return }
                let reason: SuspectedTaskLeak.Reason
                if let deadline = entry.deadlineInstant, deadline < now {
                    reason = .pastDeadline
                } else if reference.instant(entry.start).duration(to: now) > maximumAge, !exempt.contains(entry.metrics.name) {
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
            let record = record(id, entry, reference)
            return SuspectedTaskLeak(task: record, reason: reason, age: record.start.duration(to: now))
        }
    }

    /// Counts a suspected leak in `kit.tasks.leaks.suspected` for its task's name.
    func countLeak(named name: String) {
        let metrics = state.withLock { $0.names.metrics(named: name) }
        metrics?.leaks.increment(by: 1)
    }
}
