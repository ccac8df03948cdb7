extension TaskRegistry {
    /// Every live tracked task (trace ids read now, outside the lock).
    public func liveTasks() -> [TrackedTaskRecord] {
        records(inScope: nil)
    }

    /// The live tracked tasks started in leak-check scope `scope` (see ``withTaskScope(_:)``).
    package func liveTasks(inScope scope: UInt64) -> [TrackedTaskRecord] {
        records(inScope: scope)
    }

    /// The number of live tracked tasks in leak-check scope `scope` (no trace lookups).
    package func liveCount(inScope scope: UInt64) -> Int {
        state.withLock { state in
            var count = 0
            state.slab.forEach { _, entry in if entry.scope == scope { count += 1 } }
            return count
        }
    }

    /// The live tasks of leak-check scope `scope`, or all of them when it is nil.
    func records(inScope scope: UInt64?) -> [TrackedTaskRecord] {
        let entries = state.withLock { state in
            var entries: [(TrackedTaskID, TrackedTaskEntry)] = []
            entries.reserveCapacity(state.slab.count)
            state.slab.forEach { id, entry in if scope == nil || entry.scope == scope { entries.append((id, entry)) } }
            return entries
        }
        let reference = TaskClock.Reference()
        return entries.map { id, entry in record(id, entry, reference) }
    }

    func record(_ id: TrackedTaskID, _ entry: TrackedTaskEntry, _ reference: TaskClock.Reference) -> TrackedTaskRecord {
        let identity = identity(of: entry.context)
        return TrackedTaskRecord(
            id: id, parent: entry.parent, name: entry.metrics.name, site: entry.info.site,
            start: reference.instant(entry.start), deadline: entry.deadlineInstant,
            traceID: identity.map { $0.traceID.description }, spanID: identity.map { $0.spanID.description },
            isSuspectedLeak: entry.flagged
        )
    }
}
