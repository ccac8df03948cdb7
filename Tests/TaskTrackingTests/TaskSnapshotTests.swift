import Foundation
import TaskTracking
import Testing

@Suite struct TaskSnapshotTests {
    let now = ContinuousClock.now

    func task(_ name: String, site: String, age: Int, deadlineIn: Int? = nil, trace: String? = nil, id: UInt64 = 0) -> TrackedTaskRecord {
        TrackedTaskRecord(
            id: .none, parent: .none, name: name, site: site, start: now.advanced(by: .seconds(-age)),
            deadline: deadlineIn.map { now.advanced(by: .seconds($0)) }, traceID: trace, spanID: nil, isSuspectedLeak: false
        )
    }

    var tasks: [TrackedTaskRecord] {
        [
            task("orders.consume", site: "Orders/Consumer.swift:42", age: 10, deadlineIn: -5, trace: "aa"),
            task("orders.consume", site: "Orders/Consumer.swift:42", age: 2, deadlineIn: 30, trace: "bb"),
            task("orders.consume", site: "Orders/Consumer.swift:42", age: 1, trace: "aa"),
            task("orders.consume", site: "Orders/Replay.swift:7", age: 100),
            task("http.serve", site: "ServiceRuntime/ServiceRuntime.swift:150", age: 600),
        ]
    }

    @Test func init_tasksOfOneNameAndSite_formOneGroupWithCountsAgesAndDeadlines() throws {
        let snapshot = TaskSnapshot(tasks: tasks, at: now)
        #expect(snapshot.liveTasks == 5)
        #expect(snapshot.groups.map(\.site) == ["Orders/Consumer.swift:42", "ServiceRuntime/ServiceRuntime.swift:150", "Orders/Replay.swift:7"])
        let consume = try #require(snapshot.groups.first)
        #expect(consume.count == 3)
        #expect(consume.oldestAgeSeconds == 10)
        #expect(consume.youngestAgeSeconds == 1)
        #expect(consume.withDeadline == 2)
        #expect(consume.pastDeadline == 1)
        #expect(consume.earliestDeadlineInSeconds == -5)
        #expect(consume.traceIDs == ["aa", "bb"])
    }

    @Test func renderText_listsEachGroupWithItsSite() {
        let text = TaskSnapshot(tasks: tasks, at: now).renderText()
        #expect(text.hasPrefix("5 live tracked tasks\n"))
        #expect(text.contains("3 orders.consume  Orders/Consumer.swift:42\n  age 1.0 s .. 10.0 s, 2 with deadline, 1 past deadline"))
        #expect(text.contains("  traces aa bb\n"))
    }

    @Test func renderJSON_decodesBackToTheSameSnapshot() throws {
        let snapshot = TaskSnapshot(tasks: tasks, at: now)
        let json = snapshot.renderJSON()
        #expect(json.contains("\"oldestAgeSeconds\":600"))
        #expect(try JSONDecoder().decode(TaskSnapshot.self, from: Data(json.utf8)) == snapshot)
    }
}
