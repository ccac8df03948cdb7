import DiagnosticsServer
import Foundation
import Profiling

/// `/debug/threads`: a symbolised stack of every thread of the process.
struct ThreadsEndpoint: DiagnosticsEndpoint {
    var path: String { "threads" }
    var summary: String { "a symbolised stack for every thread of the process" }

    func respond(to request: DiagnosticsRequest) async throws(DiagnosticsError) -> DiagnosticsResponse {
        let dump: ThreadDump
        do {
            dump = try ThreadDump.capture()
        } catch {
            throw DiagnosticsError(status: 500, message: "the thread dump failed: \(error)")
        }
        guard request.wantsJSON else { return .text(dump.text) }
        do {
            return .json(Array(try JSONEncoder().encode(dump)))
        } catch {
            throw DiagnosticsError(status: 500, message: "the thread dump could not be encoded: \(error)")
        }
    }
}
