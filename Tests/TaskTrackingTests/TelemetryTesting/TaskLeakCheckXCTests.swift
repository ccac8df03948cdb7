import TaskTracking
import TelemetryTesting
import XCTest

/// The leak check from XCTest: a thrown ``TaskLeakError`` fails the test like any thrown error.
final class TaskLeakCheckXCTests: XCTestCase {
    func test_withNoTaskLeaks_cleanOperation_returnsItsResult() async throws {
        let value = try await withNoTaskLeaks {
            await withTrackedTask("test.xctest") { 42 }
        }
        XCTAssertEqual(value, 42)
    }

    func test_withNoTaskLeaks_leakingOperation_throwsTaskLeakError() async {
        let latch = Latch()
        defer { latch.open() }
        do {
            try await withNoTaskLeaks(grace: .milliseconds(20)) {
                TrackedTask.detached("test.xctest.leak") { await latch.wait() }
            }
            XCTFail("the leak was not detected")
        } catch let error as TaskLeakError {
            XCTAssertEqual(error.leaks.map(\.name), ["test.xctest.leak"])
        } catch {
            XCTFail("unexpected error \(error)")
        }
    }
}
