import Synchronization

/// Spans started and not yet ended, in a fixed table of slots claimed without a lock (no allocation per
/// span; spans past its size are not listed).
///
/// Each slot has an atomic state: 0 free, 1 being written, else the span's start time, published after its
/// name and kind. A reader copies a slot and keeps it only when the state is the same before and after the
/// copy (a sequence lock), so `/debug/tracez` never sees a half-written name. Names are kept up to
/// ``nameCapacity`` bytes.
final class RunningSpans: @unchecked Sendable {
    // @unchecked: `states` are atomics; a slot's name and kind bytes are written only by the thread that
    // claimed the slot (state 1) and read back only under the sequence check above.

    /// A running span as `/debug/tracez` lists it.
    struct Entry: Sendable {
        var name: String
        var kindCode: UInt8
        var startNanos: UInt64
    }

    static let nameCapacity = 62
    static let slotBytes = nameCapacity + 2  // length, kind, name

    let size: Int
    let states: UnsafeMutablePointer<Atomic<UInt64>>
    let slots: UnsafeMutableRawPointer
    let hint = Atomic<Int>(0)

    init(size: Int = 1024) {
        self.size = size
        states = .allocate(capacity: size)
        for index in 0..<size { (states + index).initialize(to: Atomic(0)) }
        slots = .allocate(byteCount: size * Self.slotBytes, alignment: 8)
        slots.initializeMemory(as: UInt8.self, repeating: 0, count: size * Self.slotBytes)
    }

    deinit {
        states.deinitialize(count: size)
        states.deallocate()
        slots.deallocate()
    }

    /// Takes a slot; -1 when none was free after a few probes.
    func start(name: String, kindCode: UInt8, startNanos: UInt64) -> Int {
        let first = hint.wrappingAdd(1, ordering: .relaxed).oldValue
        for probe in 0..<8 {
            let slot = ((first &+ probe) & Int.max) % size
            guard states[slot].compareExchange(expected: 0, desired: 1, ordering: .acquiring).exchanged else { continue }
            write(name: name, kindCode: kindCode, into: slots + slot * Self.slotBytes)
            states[slot].store(max(startNanos, 2), ordering: .releasing)
            return slot
        }
        return -1
    }

    /// Frees a slot.
    func end(_ slot: Int) {
        guard slot >= 0, slot < size else { return }
        states[slot].store(0, ordering: .releasing)
    }

    /// The spans running now.
    func entries() -> [Entry] {
        var entries: [Entry] = []
        for slot in 0..<size {
            let before = states[slot].load(ordering: .acquiring)
            guard before > 1 else { continue }
            let base = slots + slot * Self.slotBytes
            var bytes = [UInt8](repeating: 0, count: Self.slotBytes)
            bytes.withUnsafeMutableBytes { $0.copyMemory(from: UnsafeRawBufferPointer(start: base, count: Self.slotBytes)) }
            atomicMemoryFence(ordering: .acquiring)
            guard states[slot].load(ordering: .relaxed) == before else { continue }
            let length = min(Int(bytes[0]), Self.nameCapacity)
            entries.append(Entry(name: String(decoding: bytes[2..<(2 + length)], as: UTF8.self), kindCode: bytes[1], startNanos: before))
        }
        return entries
    }

    private func write(name: String, kindCode: UInt8, into base: UnsafeMutableRawPointer) {
        var name = name
        let length = name.withUTF8 { utf8 in
            var length = min(utf8.count, Self.nameCapacity)
            // Do not cut inside a UTF-8 sequence.
            while length < utf8.count, length > 0, utf8[length] & 0xC0 == 0x80 { length -= 1 }
            if length > 0, let source = utf8.baseAddress { (base + 2).copyMemory(from: source, byteCount: length) }
            return length
        }
        base.storeBytes(of: UInt8(length), as: UInt8.self)
        base.storeBytes(of: kindCode, toByteOffset: 1, as: UInt8.self)
    }
}
