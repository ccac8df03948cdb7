@testable import FlightRecorder
import Testing

@Suite struct RecordRingTests {
    func appendSample(_ ring: RecordRing, time: UInt64) {
        ring.append(kind: .sample, time: time) {
            RecordCoding.encode(RuntimeSample(timeNanos: time, cpuNanos: 1, residentBytes: 2, threads: 3, openFileDescriptors: 4), into: &$0)
        }
    }

    @Test func append_floodOfRecords_neverExceedsBudgetAndKeepsNewest() {
        let budget = 300 * 1024
        let ring = RecordRing(budget: budget, minimumAgeNanos: 0)
        for index in 0..<200_000 { appendSample(ring, time: UInt64(index + 1)) }
        let statistics = ring.statistics
        #expect(ring.allocatedBytes <= budget)
        #expect(statistics.usedBytes <= statistics.capacity)
        #expect(statistics.written == 200_000)
        let records = RecordCoding.decode(ring.snapshot())
        #expect(records.count == statistics.records)
        guard case .sample(let last) = records.last else { Issue.record("no sample"); return }
        #expect(last.timeNanos == 200_000)
        #expect(last.threads == 3)
    }

    @Test func append_recordsYoungerThanMinimumAge_budgetWinsAndEvictionsAreCounted() {
        let ring = RecordRing(budget: 300 * 1024, minimumAgeNanos: 10_000_000_000)
        // All records within one second: every eviction is of a record younger than the minimum age.
        for index in 0..<50_000 { appendSample(ring, time: 1_000_000_000 + UInt64(index)) }
        let statistics = ring.statistics
        #expect(statistics.usedBytes <= statistics.capacity)
        #expect(statistics.youngEvictions == 50_000 - statistics.records)
        #expect(statistics.youngEvictions > 0)
    }

    @Test func append_oldRecordsEvicted_notCountedAsYoung() {
        let ring = RecordRing(budget: 300 * 1024, minimumAgeNanos: 10)
        for index in 0..<50_000 { appendSample(ring, time: UInt64(index) * 1_000) }
        #expect(ring.statistics.youngEvictions == 0)
    }

    @Test func append_longTexts_areCutOnCharacterBoundaries() {
        let ring = RecordRing(budget: 300 * 1024, minimumAgeNanos: 0)
        let long = String(repeating: "é", count: 5_000)
        ring.append(kind: .log, time: 1) {
            RecordCoding.encodeLog(level: .info, label: long, message: long, source: "s", identity: nil, metadata: ["k": .string(long)], into: &$0)
        }
        guard case .log(let log) = RecordCoding.decode(ring.snapshot()).first else { Issue.record("no log"); return }
        #expect(log.label.utf8.count == RecordLimits.shortText)
        #expect(log.message.utf8.count == RecordLimits.longText)
        #expect(log.message.allSatisfy { $0 == "é" })
        #expect(log.metadata.first?.1.utf8.count == RecordLimits.shortText)
    }
}
