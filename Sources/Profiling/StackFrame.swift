/// One frame of a symbolised stack.
///
/// `function` is the demangled name when the address falls in a known function (exported symbols
/// through `dladdr`, the others from the module's ELF symbol table); otherwise `module` and
/// `moduleOffset` locate it for offline tools: `llvm-symbolizer --obj=<module> <moduleOffset>`.
public struct StackFrame: Sendable, Hashable, Codable {
    /// The instruction address (for callers' frames, the return address).
    public var address: UInt64
    /// The demangled function name, if known.
    public var function: String?
    /// The symbol as the module spells it (mangled), if known.
    public var symbol: String?
    /// Bytes from the function's start to `address`, if the function is known.
    public var functionOffset: UInt64?
    /// The module (executable or shared library) path, empty if the address is in no module.
    public var module: String
    /// `address` as an ELF virtual address of `module` (address minus the module's load bias).
    public var moduleOffset: UInt64

    /// Creates a frame.
    public init(address: UInt64, function: String?, symbol: String?, functionOffset: UInt64?, module: String, moduleOffset: UInt64) {
        self.address = address
        self.function = function
        self.symbol = symbol
        self.functionOffset = functionOffset
        self.module = module
        self.moduleOffset = moduleOffset
    }

    /// The function name, else `module+0xoffset` (the module's file name).
    public var displayName: String {
        if let function { return function }
        let file = module.split(separator: "/").last.map(String.init) ?? "?"
        return "\(file)+0x\(String(moduleOffset, radix: 16))"
    }
}
