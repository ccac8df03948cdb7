#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#endif

/// The function symbols of one ELF64 file (`.symtab`, else `.dynsym`), for addresses `dladdr` cannot
/// name: in executables only exported symbols are dynamic, and Swift code is mostly internal.
///
/// The file stays mapped read-only for the table's life; names are decoded on lookup.
final class ELFSymbolTable: @unchecked Sendable {
    // @unchecked: every stored property is immutable after init; the mapping is read-only and unmapped
    // only in deinit, when nothing can reach the table any more.
    private struct Entry {
        var address: UInt64
        var size: UInt64
        var nameOffset: UInt32
    }

    private let base: UnsafeRawPointer
    private let length: Int
    private let names: Range<Int>
    private let entries: [Entry]

    /// Maps and indexes `path`; nil when it is not a readable little-endian ELF64 file with symbols.
    init?(path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, status.st_size > 64 else { return nil }
        let length = Int(status.st_size)
        guard let mapped = mmap(nil, length, PROT_READ, MAP_PRIVATE, descriptor, 0), mapped != MAP_FAILED else { return nil }
        let base = UnsafeRawPointer(mapped)
        guard let (entries, names) = Self.index(base, length) else {
            munmap(mapped, length)
            return nil
        }
        self.base = base
        self.length = length
        self.entries = entries
        self.names = names
    }

    deinit {
        munmap(UnsafeMutableRawPointer(mutating: base), length)
    }

    /// The function that contains the ELF virtual address `address`: its name and start address.
    func function(containing address: UInt64) -> (name: String, address: UInt64)? {
        var low = 0
        var high = entries.count
        while low < high {  // first entry past `address`
            let middle = (low + high) / 2
            if entries[middle].address <= address { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        let entry = entries[low - 1]
        guard entry.size == 0 || address < entry.address + entry.size else { return nil }
        let start = names.lowerBound + Int(entry.nameOffset)
        guard start < names.upperBound else { return nil }
        var end = start
        while end < names.upperBound && base.load(fromByteOffset: end, as: UInt8.self) != 0 { end += 1 }
        let name = String(decoding: UnsafeRawBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        return (name, entry.address)
    }

    private static func index(_ base: UnsafeRawPointer, _ length: Int) -> ([Entry], Range<Int>)? {
        func read<T: FixedWidthInteger>(_ offset: Int, as: T.Type) -> T? {
            guard offset >= 0, offset + MemoryLayout<T>.size <= length else { return nil }
            return T(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: T.self))
        }
        // e_ident: "\x7fELF", class 2 (64-bit), data 1 (little-endian).
        guard read(0, as: UInt32.self) == 0x464C_457F, read(4, as: UInt8.self) == 2, read(5, as: UInt8.self) == 1,
            let sectionsOffset = read(40, as: UInt64.self), let sectionSize = read(58, as: UInt16.self),
            let sectionCount = read(60, as: UInt16.self), sectionSize >= 64
        else { return nil }
        func section(_ index: Int) -> (type: UInt32, offset: Int, size: Int, link: Int)? {
            let header = Int(sectionsOffset) + index * Int(sectionSize)
            guard let type = read(header + 4, as: UInt32.self), let offset = read(header + 24, as: UInt64.self),
                let size = read(header + 32, as: UInt64.self), let link = read(header + 40, as: UInt32.self),
                Int(offset) + Int(size) <= length
            else { return nil }
            return (type, Int(offset), Int(size), Int(link))
        }
        let sections = (0..<Int(sectionCount)).compactMap(section)
        let symbolTable = sections.first { $0.type == 2 } ?? sections.first { $0.type == 11 }  // SYMTAB, DYNSYM
        guard let symbolTable, symbolTable.link < Int(sectionCount), let strings = section(symbolTable.link) else { return nil }
        var entries: [Entry] = []
        entries.reserveCapacity(symbolTable.size / 24)
        var offset = symbolTable.offset
        while offset + 24 <= symbolTable.offset + symbolTable.size {
            let info = base.load(fromByteOffset: offset + 4, as: UInt8.self)
            let address = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 8, as: UInt64.self))
            if info & 0xF == 2, address != 0 {  // STT_FUNC
                entries.append(
                    Entry(
                        address: address,
                        size: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 16, as: UInt64.self)),
                        nameOffset: UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
                    )
                )
            }
            offset += 24
        }
        guard !entries.isEmpty else { return nil }
        entries.sort { $0.address < $1.address }
        return (entries, strings.offset..<(strings.offset + strings.size))
    }
}
