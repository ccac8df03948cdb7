import Synchronization

/// A byte ring of encoded records, allocated once at its full size.
///
/// Writers encode into a preallocated scratch area under the lock, then copy the record into the ring,
/// evicting the oldest records until it fits. Nothing is allocated per record, and the memory in use is
/// fixed at creation: `budget` bytes in all (ring + scratch), whatever the load.
///
/// Minimum age vs budget: records younger than `minimumAge` are evicted only when the budget leaves no
/// other choice. The budget always wins; such evictions are counted (``Statistics/youngEvictions``) so a
/// dump can say its window is shorter than the minimum age.
final class RecordRing: Sendable {
    /// Counters describing the ring.
    struct Statistics: Sendable, Equatable {
        /// Bytes of records held.
        var usedBytes: Int
        /// Ring capacity in bytes.
        var capacity: Int
        /// Records held.
        var records: Int
        /// Records evicted before reaching the minimum age (the budget won).
        var youngEvictions: Int
        /// Records ever written.
        var written: Int
    }

    struct State: ~Copyable {
        let storage: UnsafeMutableRawPointer
        let capacity: Int
        let scratch: UnsafeMutableRawPointer
        var head = 0
        var tail = 0
        var used = 0
        var records = 0
        var youngEvictions = 0
        var written = 0

        deinit {
            storage.deallocate()
            scratch.deallocate()
        }
    }

    let state: Mutex<State>
    let minimumAgeNanos: UInt64

    /// Creates a ring whose ring storage plus scratch space is exactly `budget` bytes.
    init(budget: Int, minimumAgeNanos: UInt64) {
        let scratchSize = RecordLimits.maxRecord
        let capacity = max(budget - scratchSize, RecordLimits.maxRecord)
        let storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        let scratch = UnsafeMutableRawPointer.allocate(byteCount: scratchSize, alignment: 16)
        state = Mutex(State(storage: storage, capacity: capacity, scratch: scratch))
        self.minimumAgeNanos = minimumAgeNanos
    }

    /// The bytes allocated for the ring and its scratch space.
    var allocatedBytes: Int { state.withLock { $0.capacity } + RecordLimits.maxRecord }

    /// Encodes one record and appends it, evicting the oldest records as needed.
    func append(kind: RecordKind, time: UInt64, _ encode: (inout ByteWriter) -> Void) {
        let minimumAgeNanos = minimumAgeNanos
        state.withLock { state in
            var writer = ByteWriter(base: state.scratch, capacity: RecordLimits.maxRecord)
            writer.u32(0)
            writer.u8(kind.rawValue)
            writer.u64(time)
            encode(&writer)
            let length = writer.count
            state.scratch.storeBytes(of: UInt32(length).littleEndian, as: UInt32.self)
            let youngLimit = time > minimumAgeNanos ? time - minimumAgeNanos : 0
            while state.capacity - state.used < length {
                var lengthField: UInt32 = 0
                withUnsafeMutableBytes(of: &lengthField) { copyOut(state, from: state.head, into: $0) }
                let recordLength = Int(UInt32(littleEndian: lengthField))
                var stamp: UInt64 = 0
                withUnsafeMutableBytes(of: &stamp) { copyOut(state, from: (state.head + 5) % state.capacity, into: $0) }
                if UInt64(littleEndian: stamp) > youngLimit { state.youngEvictions += 1 }
                state.head = (state.head + recordLength) % state.capacity
                state.used -= recordLength
                state.records -= 1
            }
            let first = min(length, state.capacity - state.tail)
            (state.storage + state.tail).copyMemory(from: state.scratch, byteCount: first)
            if first < length { state.storage.copyMemory(from: state.scratch + first, byteCount: length - first) }
            state.tail = (state.tail + length) % state.capacity
            state.used += length
            state.records += 1
            state.written += 1
        }
    }

    /// The records held, oldest first, as one contiguous copy.
    func snapshot() -> [UInt8] {
        state.withLock { state in
            [UInt8](unsafeUninitializedCapacity: state.used) { buffer, initialized in
                copyOut(state, from: state.head, into: UnsafeMutableRawBufferPointer(buffer))
                initialized = state.used
            }
        }
    }

    /// The ring's counters.
    var statistics: Statistics {
        state.withLock {
            Statistics(usedBytes: $0.used, capacity: $0.capacity, records: $0.records, youngEvictions: $0.youngEvictions, written: $0.written)
        }
    }
}

/// Copies `destination.count` bytes out of the ring starting at `offset`, wrapping at the end.
private func copyOut(_ state: borrowing RecordRing.State, from offset: Int, into destination: UnsafeMutableRawBufferPointer) {
    guard let target = destination.baseAddress, destination.count > 0 else { return }
    let first = min(destination.count, state.capacity - offset)
    target.copyMemory(from: state.storage + offset, byteCount: first)
    if first < destination.count {
        (target + first).copyMemory(from: state.storage, byteCount: destination.count - first)
    }
}
