import CoreMetrics
import MetricsTestKit
@testable import TaskTracking
import Testing

@Suite struct TaskNameTableTests {
    static let names: [StaticString] = [
        "a.0", "a.1", "a.2", "a.3", "a.4", "a.5", "a.6", "a.7", "a.8", "a.9", "b.0", "b.1", "b.2", "b.3", "b.4", "b.5",
        "b.6", "b.7", "b.8", "b.9", "c.0", "c.1", "c.2", "c.3", "c.4", "c.5", "c.6", "c.7", "c.8", "c.9", "d.0", "d.1",
        "d.2", "d.3", "d.4", "d.5", "d.6", "d.7", "d.8", "d.9", "e.0", "e.1", "e.2", "e.3", "e.4", "e.5", "e.6", "e.7",
    ]

    @Test func metrics_sameNameAgain_returnsTheSameMetrics() {
        let factory = TestMetrics()
        var table = TaskNameTable()
        let name: StaticString = "test.name"
        let first = table.metrics(name, factory: factory).takeUnretainedValue()
        let second = table.metrics(name, factory: factory).takeUnretainedValue()
        #expect(first === second)
        #expect(first.name == "test.name")
    }

    @Test func metrics_moreNamesThanTheTableHolds_growsAndFindsEveryName() {
        var table = TaskNameTable()
        let factory = NOOPMetricsHandler.instance
        let first = Self.names.map { table.metrics($0, factory: factory).takeUnretainedValue() }
        let again = Self.names.map { table.metrics($0, factory: factory).takeUnretainedValue() }
        #expect(first.map(\.name) == Self.names.map(\.description))
        #expect(zip(first, again).allSatisfy { $0 === $1 })
        #expect(table.byName.count == Self.names.count)
        #expect(table.metrics(named: "c.7") === first[27])
        #expect(table.metrics(named: "never.started") == nil)
    }
}
