import Foundation
import Profiling
import Testing

/// Serialized: one test parks a thread that blocks SIGPROF, which the others would see without frames.
@Suite(.serialized) struct ThreadDumpTests {
    @Test func capture_process_listsEveryLiveThreadWithFrames() throws {
        let before = Set(Self.taskIDs())
        let dump = try ThreadDump.capture(timeout: .seconds(2))  // generous: the machine may be loaded
        let after = Set(Self.taskIDs())

        let lived = before.intersection(after)  // threads alive for the whole dump
        let dumped = Set(dump.threads.map(\.id))
        #expect(lived.isSubset(of: dumped))
        #expect(dump.threads.count >= lived.count)
        #expect(dump.processID == getpid())
        for thread in dump.threads where lived.contains(thread.id) {
            let blocksSignal = thread.note?.contains("blocks SIGPROF") == true
            #expect(!thread.frames.isEmpty || blocksSignal, "thread \(thread.id) \"\(thread.name)\": \(thread.note ?? "no note")")
            #expect(!thread.name.isEmpty)
        }
        #expect(dump.threads.filter(\.isCurrent).count == 1)
    }

    @Test func capture_callingThread_includesThisTestFunction() throws {
        let dump = try ThreadDump.capture()
        let current = try #require(dump.threads.first { $0.isCurrent })
        #expect(current.id == Int32(Self.currentThreadID()))
        let names = current.frames.compactMap(\.function)
        #expect(
            names.contains { $0.contains("ThreadDumpTests.capture_callingThread_includesThisTestFunction") },
            "frames of the calling thread:\n\(dump.text)"
        )
    }

    @Test func text_dump_hasOneSectionPerThreadWithFrameLines() throws {
        let dump = try ThreadDump.capture()
        let text = dump.text
        let headers = text.split(separator: "\n").filter { $0.hasPrefix("thread ") && $0.hasSuffix(":") }
        #expect(headers.count == dump.threads.count)
        for thread in dump.threads {
            #expect(text.contains("thread \(thread.id) \"\(thread.name)\" ["))
        }
        #expect(text.contains("\t/"), "frame lines name their module:\n\(text)")
    }

    @Test func codable_dump_roundTripsThroughJSON() throws {
        let dump = try ThreadDump.capture()
        let decoded = try JSONDecoder().decode(ThreadDump.self, from: JSONEncoder().encode(dump))
        #expect(decoded == dump)
    }

    @Test func capture_threadBlockingSIGPROF_listedWithNoteAndNoFrames() throws {
        let parked = SignalBlockingThread()
        defer { parked.stop() }
        let id = try #require(parked.threadID)

        let dump = try ThreadDump.capture(timeout: .milliseconds(20))
        let thread = try #require(dump.threads.first { $0.id == id })
        #expect(thread.frames.isEmpty)
        #expect(thread.note?.contains("blocks SIGPROF") == true, "note: \(thread.note ?? "none")")
        #expect(dump.threads.contains { !$0.frames.isEmpty })  // the others still answer
    }

    static func taskIDs() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/proc/self/task")) ?? []).compactMap { Int32($0) }
    }

    static func currentThreadID() -> Int {
        let link = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/thread-self")) ?? ""
        return Int(link.split(separator: "/").last ?? "") ?? -1
    }
}
