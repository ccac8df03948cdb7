import CoreMetrics

/// The metrics of each task name, found by the address of the name's `StaticString`: an
/// open-addressing table of word keys, so a lookup is a multiply, a shift and a compare (no hashing
/// of text, no reference counting). Names met at a new address (the same text in another module)
/// share the metrics of that text through `byName`, which also keeps every ``TaskNameMetrics`` alive.
struct TaskNameTable {
    private var keys: [UInt]
    private var values: [Unmanaged<TaskNameMetrics>?]
    private var used = 0
    private var shift: UInt
    private(set) var byName: [String: TaskNameMetrics] = [:]

    init() {
        keys = Array(repeating: 0, count: 64)
        values = Array(repeating: nil, count: 64)
        shift = UInt(UInt.bitWidth - 6)
    }

    /// The metrics of `name`, created with `factory` the first time its text is seen.
    @inline(__always)
    mutating func metrics(_ name: StaticString, factory: @autoclosure () -> any MetricsFactory) -> Unmanaged<TaskNameMetrics> {
        let key = Self.key(name)
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let found = keys[index]
            if found == key { return values[index].unsafelyUnwrapped }
            if found == 0 { break }
            index = (index + 1) & (keys.count - 1)
        }
        return insert(key, name: name, factory: factory())
    }

    /// The metrics of a name by its text, if tasks of that name were ever started.
    func metrics(named name: String) -> TaskNameMetrics? { byName[name] }

    private mutating func insert(_ key: UInt, name: StaticString, factory: @autoclosure () -> any MetricsFactory) -> Unmanaged<TaskNameMetrics> {
        let text = name.description
        let metrics = byName[text] ?? TaskNameMetrics(name: text, factory: factory())
        byName[text] = metrics
        if (used + 1) * 2 > keys.count { grow() }
        place(key, Unmanaged.passUnretained(metrics))
        used += 1
        return Unmanaged.passUnretained(metrics)
    }

    private mutating func place(_ key: UInt, _ value: Unmanaged<TaskNameMetrics>) {
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while keys[index] != 0 { index = (index + 1) & (keys.count - 1) }
        keys[index] = key
        values[index] = value
    }

    private mutating func grow() {
        let old = zip(keys, values).filter { $0.0 != 0 }
        keys = Array(repeating: 0, count: keys.count * 2)
        values = Array(repeating: nil, count: keys.count)
        shift -= 1
        for (key, value) in old { place(key, value!) }
    }

    /// Never 0: the address of a pointer-backed name, or the scalar of a one-scalar name with the top bit set.
    private static func key(_ name: StaticString) -> UInt {
        name.hasPointerRepresentation ? UInt(bitPattern: name.utf8Start) : UInt(name.unicodeScalar.value) | (1 << (UInt.bitWidth - 1))
    }
}
