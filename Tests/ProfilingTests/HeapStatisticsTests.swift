import Profiling
import Testing

@Suite struct HeapStatisticsTests {
    @Test func current_after50MiBAllocation_inUseAndResidentGrow() {
        let size = 50 << 20
        let before = HeapStatistics.current()
        let block = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 64)
        defer { block.deallocate() }
        block.initializeMemory(as: UInt8.self, repeating: 0xA5, count: size)  // touch every page
        let after = HeapStatistics.current()

        #expect(after.inUseBytes >= before.inUseBytes + UInt64(size) - (4 << 20), "before \(before.inUseBytes), after \(after.inUseBytes)")
        #expect(after.mmappedBytes >= UInt64(size), "a 50 MiB block is above malloc's mmap threshold")
        let residentBefore = before.residentBytes ?? 0
        #expect((after.residentBytes ?? 0) >= residentBefore + UInt64(size) / 2, "resident \(residentBefore) -> \(after.residentBytes ?? 0)")
        #expect((after.peakResidentBytes ?? 0) >= (after.residentBytes ?? .max))
        #expect((after.virtualBytes ?? 0) >= (after.residentBytes ?? .max))
    }

    @Test func text_current_listsEveryFigure() {
        let text = HeapStatistics.current().text
        for name in ["heap in use", "heap arena", "heap free", "heap mmapped", "resident", "resident peak", "virtual"] {
            #expect(text.contains("\n\(name): ") || text.hasPrefix("\(name): "), "\(name) missing from:\n\(text)")
        }
        #expect(!text.contains("unknown"))
    }
}
