import CProfiling

/// Allocator statistics (glibc `mallinfo2`) and resident memory (`/proc/self/status`), in bytes.
///
/// `inUseBytes` counts what the program holds: small chunks in malloc's arenas plus large (mmapped)
/// allocations. Memory the allocator keeps but the program freed is `freeBytes`.
public struct HeapStatistics: Sendable, Hashable, Codable {
    /// Space malloc obtained from the system for its arenas (not counting mmapped chunks).
    public var arenaBytes: UInt64
    /// Allocated bytes: arena chunks in use plus mmapped chunks.
    public var inUseBytes: UInt64
    /// Free bytes held in the arenas.
    public var freeBytes: UInt64
    /// Bytes in mmapped chunks (allocations above malloc's mmap threshold).
    public var mmappedBytes: UInt64
    /// Number of mmapped chunks.
    public var mmappedChunks: UInt64
    /// Free space at the top of the main arena that `malloc_trim` could return.
    public var releasableBytes: UInt64
    /// Resident set size (`VmRSS`), nil if unreadable.
    public var residentBytes: UInt64?
    /// Peak resident set size (`VmHWM`), nil if unreadable.
    public var peakResidentBytes: UInt64?
    /// Virtual memory size (`VmSize`), nil if unreadable.
    public var virtualBytes: UInt64?

    /// Reads the figures now (about 15 microseconds, plus one `/proc` read).
    public static func current() -> HeapStatistics {
        var heap = cprof_heap()
        _ = cprof_heap_info(&heap)
        let status = ProcFile.text("/proc/self/status") ?? ""
        return HeapStatistics(
            arenaBytes: heap.arena,
            inUseBytes: heap.in_use + heap.mmapped,
            freeBytes: heap.free,
            mmappedBytes: heap.mmapped,
            mmappedChunks: heap.mmapped_count,
            releasableBytes: heap.releasable,
            residentBytes: ProcFile.statusValue("VmRSS", in: status),
            peakResidentBytes: ProcFile.statusValue("VmHWM", in: status),
            virtualBytes: ProcFile.statusValue("VmSize", in: status)
        )
    }

    /// One figure per line, `name: bytes (MiB)`.
    public var text: String {
        func line(_ name: String, _ bytes: UInt64?) -> String {
            guard let bytes else { return "\(name): unknown\n" }
            let mebibytes = Double(bytes) / 1_048_576
            return "\(name): \(bytes) (\(Double(Int(mebibytes * 10)) / 10) MiB)\n"
        }
        return line("heap in use", inUseBytes) + line("heap arena", arenaBytes) + line("heap free", freeBytes)
            + line("heap mmapped", mmappedBytes) + "heap mmapped chunks: \(mmappedChunks)\n"
            + line("heap releasable", releasableBytes) + line("resident", residentBytes)
            + line("resident peak", peakResidentBytes) + line("virtual", virtualBytes)
    }
}
