import Synchronization

/// Spans started and not yet ended, in a fixed table (no allocation per span; spans past its size are not listed).
final class RunningSpans: Sendable {
    /// A running span as `/debug/tracez` lists it.
    struct Entry: Sendable {
        var name: String
        var kindCode: UInt8
        var startNanos: UInt64
    }

    struct Table: ~Copyable {
        var names: [String]
        var kinds: [UInt8]
        var starts: [UInt64]
        var free: [Int]
    }

    let table: Mutex<Table>
    let size: Int

    init(size: Int = 1024) {
        self.size = size
        table = Mutex(Table(
            names: Array(repeating: "", count: size), kinds: Array(repeating: 0, count: size),
            starts: Array(repeating: 0, count: size), free: Array((0..<size).reversed())
        ))
    }

    /// Takes a slot; -1 when the table is full.
    func start(name: String, kindCode: UInt8, startNanos: UInt64) -> Int {
        table.withLock { table in
            guard let slot = table.free.popLast() else { return -1 }
            table.names[slot] = name
            table.kinds[slot] = kindCode
            table.starts[slot] = startNanos
            return slot
        }
    }

    /// Frees a slot.
    func end(_ slot: Int) {
        guard slot >= 0, slot < size else { return }
        table.withLock { table in
            table.starts[slot] = 0
            table.free.append(slot)
        }
    }

    /// The spans running now.
    func entries() -> [Entry] {
        table.withLock { table in
            var entries: [Entry] = []
            for slot in 0..<size where table.starts[slot] != 0 {
                entries.append(Entry(name: table.names[slot], kindCode: table.kinds[slot], startNanos: table.starts[slot]))
            }
            return entries
        }
    }
}
