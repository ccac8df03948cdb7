/// The executable, file-backed mappings of the process (`/proc/self/maps`), for pprof mappings and
/// module paths.
struct MemoryMap: Sendable {
    /// One mapping.
    struct Mapping: Sendable, Hashable {
        var start: UInt64
        var end: UInt64
        var fileOffset: UInt64
        var path: String
    }

    /// Executable file-backed mappings, sorted by address.
    let mappings: [Mapping]

    /// Reads `/proc/self/maps` now (empty when it cannot be read).
    static func current() -> MemoryMap {
        MemoryMap(text: ProcFile.text("/proc/self/maps") ?? "")
    }

    /// Parses `/proc/<pid>/maps` text.
    init(text: String) {
        var mappings: [Mapping] = []
        for line in text.split(separator: "\n") {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, fields[1].count == 4, fields[1].dropFirst(2).first == "x" else { continue }
            let path = fields[5].drop { $0 == " " }
            guard path.hasPrefix("/") else { continue }  // [vdso], anonymous JIT memory...
            let range = fields[0].split(separator: "-")
            guard range.count == 2, let start = UInt64(range[0], radix: 16), let end = UInt64(range[1], radix: 16),
                let offset = UInt64(fields[2], radix: 16)
            else { continue }
            mappings.append(Mapping(start: start, end: end, fileOffset: offset, path: String(path)))
        }
        self.mappings = mappings.sorted { $0.start < $1.start }
    }

    /// The mapping that holds `address`, if any.
    func mapping(containing address: UInt64) -> Mapping? {
        var low = 0
        var high = mappings.count
        while low < high {
            let middle = (low + high) / 2
            if address < mappings[middle].start {
                high = middle
            } else if address >= mappings[middle].end {
                low = middle + 1
            } else {
                return mappings[middle]
            }
        }
        return nil
    }
}
