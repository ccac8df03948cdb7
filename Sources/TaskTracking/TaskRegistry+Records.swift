extension TaskRegistry {
    /// Every live tracked task (trace ids read now, outside the lock).
    public func liveTasks() -> [TrackedTaskRecord] {
        records { _ in true }
    }

    /// The live tracked tasks started in leak-check scope `scope` (see ``withTaskScope(_:)``).
    package func liveTasks(inScope scope: UInt64) -> [TrackedTaskRecord] {
        records { $0.scope == scope }
    }

    /// The number of live tracked tasks in leak-check scope `scope` (no trace lookups).
    package func liveCount(inScope scope: UInt64) -> Int {
        state.withLock { state in
            var count = 0
            state.slab.forEach { _, entry in if entry.scope == scope { count += 1 } }
            return count
        }
    }

    func records(where include: (TrackedTaskEntry) -> Bool) -> [TrackedTaskRecord] {
        let entries = state.withLock { state in
            var entries: [(TrackedTaskID, TrackedTaskEntry)] = []
            entries.reserveCapacity(state.slab.count)
            state.slab.forEach { id, entry in if include(entry) { entries.append((id, entry)) } }
            return entries
        }
        return entries.map { id, entry in record(id, entry) }
    }

    func record(_ id: TrackedTaskID, _ entry: TrackedTaskEntry) -> TrackedTaskRecord {
        let identity = identity(of: entry.context)
        return TrackedTaskRecord(
            id: id, parent: entry.parent, name: entry.metrics.name, site: entry.info.site,
            start: entry.start, deadline: entry.deadline,
            traceID: identity.map { $0.traceID.description }, spanID: identity.map { $0.spanID.description },
            isSuspectedLeak: entry.flagged
        )
    }
}
