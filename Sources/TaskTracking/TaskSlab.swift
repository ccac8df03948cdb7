/// Slots for live entries with a free list, in manually managed buffers: insert and remove are O(1),
/// touch one entry and one generation word, and allocate nothing until the slab outgrows its
/// capacity (then it doubles, like an array).
///
/// A slot's generation is odd while it holds an entry and even while it is free; ids carry the odd
/// generation they were given, so an id whose task finished never matches the slot's next tenant.
final class TaskSlab {
    private var entries: UnsafeMutablePointer<TrackedTaskEntry>
    private var generations: UnsafeMutablePointer<UInt32>
    private var free: UnsafeMutablePointer<Int32>
    private var freeCount: Int
    private var capacity: Int
    private(set) var count = 0

    init(capacity: Int) {
        let capacity = min(max(capacity, 16), Int(Int32.max))
        self.capacity = capacity
        entries = .allocate(capacity: capacity)
        generations = .allocate(capacity: capacity)
        generations.initialize(repeating: 0, count: capacity)
        free = .allocate(capacity: capacity)
        for index in 0..<capacity { free[index] = Int32(capacity - 1 - index) }
        freeCount = capacity
    }

    deinit {
        for index in 0..<capacity where generations[index] & 1 == 1 { (entries + index).deinitialize(count: 1) }
        entries.deallocate()
        generations.deallocate()
        free.deallocate()
    }

    @inline(__always)
    func insert(_ entry: TrackedTaskEntry) -> TrackedTaskID {
        if freeCount == 0 { grow() }
        freeCount -= 1
        let index = Int(free[freeCount])
        (entries + index).initialize(to: entry)
        generations[index] &+= 1
        count += 1
        return TrackedTaskID(slot: index, generation: generations[index])
    }

    /// Removes the entry `id` names and returns whether it was there.
    @inline(__always)
    func remove(_ id: TrackedTaskID) -> Bool {
        let index = id.slot
        guard index < capacity, generations[index] == id.generation, id.generation & 1 == 1 else { return false }
        (entries + index).deinitialize(count: 1)
        generations[index] &+= 1
        free[freeCount] = Int32(index)
        freeCount += 1
        count -= 1
        return true
    }

    /// The live entry `id` names, if any.
    func entry(_ id: TrackedTaskID) -> TrackedTaskEntry? {
        let index = id.slot
        guard index < capacity, generations[index] == id.generation, id.generation & 1 == 1 else { return nil }
        return entries[index]
    }

    /// Calls `body` with every live entry; `body` may change it (the watchdog sets `flagged`).
    func forEach(_ body: (TrackedTaskID, inout TrackedTaskEntry) -> Void) {
        for index in 0..<capacity where generations[index] & 1 == 1 {
            body(TrackedTaskID(slot: index, generation: generations[index]), &entries[index])
        }
    }

    private func grow() {
        let grown = min(capacity * 2, Int(Int32.max))
        precondition(grown > capacity, "more than \(Int32.max) live tracked tasks")
        let newEntries = UnsafeMutablePointer<TrackedTaskEntry>.allocate(capacity: grown)
        let newGenerations = UnsafeMutablePointer<UInt32>.allocate(capacity: grown)
        newGenerations.initialize(repeating: 0, count: grown)
        for index in 0..<capacity {
            newGenerations[index] = generations[index]
            if generations[index] & 1 == 1 { (newEntries + index).moveInitialize(from: entries + index, count: 1) }
        }
        let newFree = UnsafeMutablePointer<Int32>.allocate(capacity: grown)
        newFree.moveInitialize(from: free, count: freeCount)
        for index in capacity..<grown { newFree[freeCount + index - capacity] = Int32(grown - 1 - (index - capacity)) }
        freeCount += grown - capacity
        entries.deallocate()
        generations.deallocate()
        free.deallocate()
        entries = newEntries
        generations = newGenerations
        free = newFree
        capacity = grown
    }
}
