import Foundation
import Storage
import Testing

/// The relay as a real process against PostgreSQL, killed with SIGKILL mid-batch and restarted:
/// every committed event is published at least once, and an inbox consumer applies each exactly once.
@Suite(.serialized) struct OutboxRelayCrashTests {
    static let events = 300

    @Test(.enabled(if: StorageBackend.available.contains(.postgresql)), .timeLimit(.minutes(3)))
    func relayProcess_killedMidBatchAndRestarted_publishesEveryEventAndConsumersApplyEachOnce() async throws {
        try await TestDatabase.with(.postgresql) { test, database in
            guard case .postgresql(let settings) = test.location else { return }
            let messages = (0..<Self.events).map { OutboxFixtures.message("e-\($0)", aggregate: "agg-\($0 % 10)") }
            let store = OutboxStore()
            for chunk in stride(from: 0, to: messages.count, by: 50) {
                try await database.withTransaction { tx in
                    for message in messages[chunk..<min(chunk + 50, messages.count)] { try await store.enqueue(message, in: tx) }
                }
            }
            let output = FileManager.default.temporaryDirectory.appendingPathComponent("outbox-probe-\(UInt32.random(in: 0...UInt32.max)).log")
            defer { try? FileManager.default.removeItem(at: output) }
            let environment = [
                "DATABASE_URL": "postgres://\(settings.username)@\(settings.host):\(settings.port)/\(settings.database)?sslmode=disable",
                "PROBE_OUTPUT": output.path, "PROBE_PUBLISH_DELAY_MS": "3", "PROBE_BATCH_SIZE": "25", "PROBE_LEASE_MS": "1500",
            ]

            let first = try Self.startProbe(environment)
            try await Self.waitUntil("the first relay published 60 events", timeout: .seconds(60)) {
                Self.publishedLines(output).count >= 60
            }
            kill(first.processIdentifier, SIGKILL)
            first.waitUntilExit()
            let pendingAfterKill = try await store.pendingCount(in: database)
            #expect(pendingAfterKill > 0, "the relay finished before it was killed: the test did not crash it mid-run")

            let second = try Self.startProbe(environment)
            defer {
                kill(second.processIdentifier, SIGKILL)
                second.waitUntilExit()
            }
            try await Self.waitUntil("the restarted relay drained the outbox", timeout: .seconds(90)) {
                (try? await store.pendingCount(in: database)) == 0
            }

            let lines = Self.publishedLines(output)
            #expect(Set(lines.map(\.id)) == Set(messages.map(\.id)), "every committed event is published at least once")
            var firstSeen: [String: [String]] = [:]
            var seen: Set<String> = []
            for line in lines where seen.insert(line.id).inserted { firstSeen[line.aggregate, default: []].append(line.id) }
            for (aggregate, ids) in firstSeen {
                #expect(ids == messages.filter { $0.aggregateID == aggregate }.map(\.id), "order of \(aggregate)")
            }

            // An inbox consumer fed every published line, duplicates included, applies each event once.
            try await database.query("CREATE TABLE effects (event_id TEXT NOT NULL)")
            let inbox = InboxStore(metricsFactory: test.metrics)
            for line in lines {
                _ = try await inbox.withIdempotentTransaction(in: database, eventID: line.id, consumer: "crash-test") { tx in
                    try await tx.query("INSERT INTO effects (event_id) VALUES ($1)", [.text(line.id)])
                }
            }
            let applied = try await database.query("SELECT count(*) AS n, count(DISTINCT event_id) AS d FROM effects").first
            #expect(try applied?.integer("n") == Int64(Self.events))
            #expect(try applied?.integer("d") == Int64(Self.events))
            let skipped = (try? test.metrics.expectCounter("inbox.duplicates.skipped", [("messaging.consumer.group.name", "crash-test")]))?.totalValue
            #expect((skipped ?? 0) == Int64(lines.count - Self.events))
        }
    }

    static func startProbe(_ environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = binary(named: "OutboxRelayProbe")
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    static func binary(named name: String) -> URL {
        if let path = ProcessInfo.processInfo.environment["SERVICE_BINARY_DIR"] {
            return URL(fileURLWithPath: path).appendingPathComponent(name)
        }
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        return root.appendingPathComponent(".build/debug/\(name)")
    }

    static func publishedLines(_ file: URL) -> [(aggregate: String, id: String)] {
        guard let text = try? String(contentsOf: file, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let parts = line.split(separator: " ")
            return parts.count == 2 ? (String(parts[0]), String(parts[1])) : nil
        }
    }

    static func waitUntil(_ what: String, timeout: Duration, _ condition: () async -> Bool) async throws {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(20))
        }
        Issue.record("timed out after \(timeout) waiting until \(what)")
        throw CancellationError()
    }
}
