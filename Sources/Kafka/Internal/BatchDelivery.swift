import Synchronization

/// The delivery reports of one batch of produced messages, collected for the one task awaiting them.
///
/// Each message's librdkafka opaque points at its ``Slot``; the slot points back at the batch. The
/// batch keeps itself alive (one retain) until `pending` reaches zero: one count per message plus one
/// held by the producing task until it has handed every message over. Whoever brings it to zero
/// resumes the continuation with every result, in message order.
///
/// `@unchecked Sendable`: each slot is written once, by exactly one party (the producing task for a
/// message librdkafka refused, the delivery-report callback otherwise), and the slots are read only by
/// the party that brings `pending` to zero; the acquiring-and-releasing decrement orders those accesses.
final class BatchDelivery: @unchecked Sendable {
    typealias Results = [Result<KafkaDelivery, KafkaError>]

    struct Slot {
        let batch: UnsafeMutableRawPointer
        var result: Result<KafkaDelivery, KafkaError>?
    }

    private let slots: UnsafeMutablePointer<Slot>
    private let count: Int
    private let pending: Atomic<Int>
    private let continuation: CheckedContinuation<Results, Never>

    /// Creates the batch for `count` messages; it lives until the last report and the hand-over ended.
    init(count: Int, continuation: CheckedContinuation<Results, Never>) {
        self.count = count
        self.pending = Atomic(count + 1)
        self.continuation = continuation
        self.slots = .allocate(capacity: count)
        let me = Unmanaged.passRetained(self).toOpaque()
        slots.initialize(repeating: Slot(batch: me, result: nil), count: count)
    }

    deinit {
        slots.deinitialize(count: count)
        slots.deallocate()
    }

    /// The opaque to hand to librdkafka with message `index`.
    func opaque(_ index: Int) -> UnsafeMutableRawPointer {
        UnsafeMutableRawPointer(slots + index)
    }

    /// Records message `index`'s result (a refusal at hand-over, or its delivery report).
    func complete(_ index: Int, _ result: Result<KafkaDelivery, KafkaError>) {
        slots[index].result = result
        release()
    }

    /// The producing task has handed every message over (or recorded why not).
    func handedOver() {
        release()
    }

    private func release() {
        guard pending.subtract(1, ordering: .acquiringAndReleasing).newValue == 0 else { return }
        var results = Results()
        results.reserveCapacity(count)
        for index in 0..<count { results.append(slots[index].result!) }
        continuation.resume(returning: results)
        Unmanaged.passUnretained(self).release()
    }

    /// The delivery-report callback's entry: `opaque` is a slot pointer from ``opaque(_:)``.
    static func delivered(_ opaque: UnsafeMutableRawPointer, _ result: Result<KafkaDelivery, KafkaError>) {
        let slot = opaque.assumingMemoryBound(to: Slot.self)
        let batch = Unmanaged<BatchDelivery>.fromOpaque(slot.pointee.batch).takeUnretainedValue()
        batch.complete(slot - batch.slots, result)
    }
}
