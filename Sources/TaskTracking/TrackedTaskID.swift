/// The identity of one tracked task: its slot in the registry and the slot's generation, so an id is
/// never reused while anything could still hold it.
public struct TrackedTaskID: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// The packed value (generation in the high 32 bits, slot in the low 32).
    public let rawValue: UInt64

    /// No task: the parent of tasks started outside any tracked task.
    public static let none = TrackedTaskID(rawValue: 0)

    init(rawValue: UInt64) {
        self.rawValue = rawValue
    }

    init(slot: Int, generation: UInt32) {
        rawValue = UInt64(generation) << 32 | UInt64(UInt32(truncatingIfNeeded: slot))
    }

    var slot: Int { Int(UInt32(truncatingIfNeeded: rawValue)) }
    var generation: UInt32 { UInt32(truncatingIfNeeded: rawValue >> 32) }

    /// Orders ids by their raw value.
    public static func < (lhs: TrackedTaskID, rhs: TrackedTaskID) -> Bool { lhs.rawValue < rhs.rawValue }

    /// The raw value in decimal.
    public var description: String { String(rawValue) }
}
