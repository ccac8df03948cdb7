/// Preallocated slots for live entries with a free list: insert and remove are O(1) and allocate
/// nothing until the slab outgrows its capacity (then it doubles, like an array).
struct TaskSlab {
    private struct Slot {
        var generation: UInt32 = 1
        var entry: TrackedTaskEntry?
    }

    private var slots: [Slot] = []
    private var free: [Int] = []
    private(set) var count = 0

    init(capacity: Int) {
        reserve(max(capacity, 16))
    }

    private mutating func reserve(_ capacity: Int) {
        let old = slots.count
        slots.reserveCapacity(capacity)
        free.reserveCapacity(capacity)
        for _ in old..<capacity { slots.append(Slot()) }
        for index in (old..<capacity).reversed() { free.append(index) }
    }

    mutating func insert(_ entry: TrackedTaskEntry) -> TrackedTaskID {
        if free.isEmpty { reserve(slots.count * 2) }
        let index = free.removeLast()
        slots[index].entry = entry
        count += 1
        return TrackedTaskID(slot: index, generation: slots[index].generation)
    }

    /// Removes and returns the entry `id` names; nil when it is gone already.
    mutating func remove(_ id: TrackedTaskID) -> TrackedTaskEntry? {
        let index = id.slot
        guard index < slots.count, slots[index].generation == id.generation, let entry = slots[index].entry else { return nil }
        slots[index].entry = nil
        slots[index].generation &+= 1
        if slots[index].generation == 0 { slots[index].generation = 1 }
        free.append(index)
        count -= 1
        return entry
    }

    /// Calls `body` with every live entry; `body` may change it (the watchdog sets `flagged`).
    mutating func forEach(_ body: (TrackedTaskID, inout TrackedTaskEntry) -> Void) {
        for index in slots.indices where slots[index].entry != nil {
            body(TrackedTaskID(slot: index, generation: slots[index].generation), &slots[index].entry!)
        }
    }
}
