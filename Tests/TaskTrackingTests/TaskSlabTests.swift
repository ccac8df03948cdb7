import CoreMetrics
@testable import TaskTracking
import Testing

@Suite struct TaskSlabTests {
    let metrics = TaskNameMetrics(name: "test.slab", factory: NOOPMetricsHandler.instance)

    func entry(line: UInt) -> TrackedTaskEntry {
        TrackedTaskEntry(
            name: "test.slab", fileID: #fileID, line: line, start: 0, deadline: nil, context: nil,
            scope: 0, parent: .none, metrics: metrics
        )
    }

    @Test func insert_beyondCapacity_growsAndKeepsEveryEntry() {
        let slab = TaskSlab(capacity: 16)
        let ids = (0..<40).map { slab.insert(entry(line: UInt($0))) }
        #expect(slab.count == 40)
        #expect(Set(ids).count == 40)
        #expect(ids.enumerated().allSatisfy { index, id in slab.entry(id)?.line == UInt(index) })
        var lines: [UInt] = []
        slab.forEach { _, entry in lines.append(entry.line) }
        #expect(lines.sorted() == (0..<40).map { UInt($0) })
    }

    @Test func remove_idOfAFinishedTask_doesNotMatchTheSlotsNextTenant() {
        let slab = TaskSlab(capacity: 16)
        let first = slab.insert(entry(line: 1))
        #expect(slab.remove(first))
        let second = slab.insert(entry(line: 2))
        #expect(second != first)
        #expect(!slab.remove(first))
        #expect(slab.entry(first) == nil)
        #expect(slab.entry(second)?.line == 2)
        #expect(slab.count == 1)
    }

    @Test func remove_theSameIDTwice_removesOnce() {
        let slab = TaskSlab(capacity: 16)
        let id = slab.insert(entry(line: 1))
        #expect(slab.remove(id))
        #expect(!slab.remove(id))
        #expect(!slab.remove(.none))
        #expect(slab.count == 0)
    }

    @Test func forEach_changingAnEntry_keepsTheChange() {
        let slab = TaskSlab(capacity: 16)
        let id = slab.insert(entry(line: 1))
        slab.forEach { _, entry in entry.flagged = true }
        #expect(slab.entry(id)?.flagged == true)
    }
}
