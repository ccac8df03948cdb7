import CProfiling
import Synchronization

#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Musl)
@preconcurrency import Musl
#endif

/// Turns addresses into ``StackFrame``s: `dladdr1` for the module and exported symbols, the module's
/// ELF symbol table for the rest, `swift_demangle` for Swift names. Results are cached for the process.
final class Symbolizer: Sendable {
    /// The process's symbolizer (modules and symbols do not change while mapped).
    static let shared = Symbolizer()

    private struct Resolved {
        var symbol: String?
        var function: String?
        var functionStart: UInt64?
        var module: String
        var loadBias: UInt64
    }

    private struct State {
        var tables: [String: ELFSymbolTable?] = [:]
        var resolved: [UInt64: Resolved] = [:]
    }

    private let state = Mutex(State())
    private static let cacheLimit = 200_000

    /// The frame of `address`; a return address is looked up one byte earlier, inside its call
    /// instruction, so a call that ends a function is not attributed to the next one.
    func frame(_ address: UInt64, isReturnAddress: Bool, memoryMap: MemoryMap) -> StackFrame {
        let lookup = isReturnAddress && address > 0 ? address - 1 : address
        let resolved = state.withLock { state in
            if let cached = state.resolved[lookup] { return cached }
            let resolved = Self.resolve(lookup, memoryMap: memoryMap, tables: &state.tables)
            if state.resolved.count >= Self.cacheLimit { state.resolved.removeAll(keepingCapacity: true) }
            state.resolved[lookup] = resolved
            return resolved
        }
        return StackFrame(
            address: address,
            function: resolved.function,
            symbol: resolved.symbol,
            functionOffset: resolved.functionStart.map { address &- $0 },
            module: resolved.module,
            moduleOffset: address &- resolved.loadBias
        )
    }

    private static func resolve(_ address: UInt64, memoryMap: MemoryMap, tables: inout [String: ELFSymbolTable?]) -> Resolved {
        var info = cprof_symbol()
        let known = cprof_lookup_symbol(UInt(address), &info) != 0
        let module = memoryMap.mapping(containing: address)?.path ?? (known ? info.file.map { String(cString: $0) } ?? "" : "")
        guard known else { return Resolved(module: module, loadBias: 0) }
        let bias = UInt64(info.load_bias)
        var symbol = info.symbol.map { String(cString: $0) }
        var start = info.symbol_address == 0 ? nil : UInt64(info.symbol_address)
        if !module.isEmpty {
            if tables[module] == nil { tables[module] = .some(ELFSymbolTable(path: module)) }
            // The symbol table knows internal functions too: prefer it when it names a closer start.
            if let table = tables[module] ?? nil, let found = table.function(containing: address &- bias) {
                let foundStart = found.address &+ bias
                if start == nil || foundStart >= start! {
                    symbol = found.name
                    start = foundStart
                }
            }
        }
        return Resolved(symbol: symbol, function: symbol.map(demangle), functionStart: start, module: module, loadBias: bias)
    }

    /// The Swift (or C++) runtime's demangling of `symbol`, or `symbol` itself (C names, or no runtime support).
    static func demangle(_ symbol: String) -> String {
        if symbol.hasPrefix("_Z") {
            guard let demangled = cprof_cxx_demangle(symbol) else { return symbol }
            defer { free(demangled) }
            return String(cString: demangled)
        }
        guard symbol.hasPrefix("$s") || symbol.hasPrefix("_$s") || symbol.hasPrefix("$S") || symbol.hasPrefix("_T") else { return symbol }
        var symbol = symbol
        return symbol.withUTF8 { bytes in
            bytes.withMemoryRebound(to: CChar.self) { characters in
                guard let demangled = cprof_swift_demangle(characters.baseAddress, characters.count) else { return String(decoding: bytes, as: UTF8.self) }
                defer { free(demangled) }
                return String(cString: demangled)
            }
        }
    }
}
