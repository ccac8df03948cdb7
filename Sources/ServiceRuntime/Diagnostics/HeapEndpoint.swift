import DiagnosticsServer
import Foundation
import Profiling

/// `/debug/heap`: allocator statistics (`mallinfo2`) and resident memory.
struct HeapEndpoint: DiagnosticsEndpoint {
    var path: String { "heap" }
    var summary: String { "allocator statistics and resident memory" }

    func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let statistics = HeapStatistics.current()
        guard request.wantsJSON else { return .text(statistics.text) }
        do {
            return .json(Array(try JSONEncoder().encode(statistics)))
        } catch {
            throw DiagnosticsError(status: 500, message: "the heap statistics could not be encoded: \(error)")
        }
    }
}
