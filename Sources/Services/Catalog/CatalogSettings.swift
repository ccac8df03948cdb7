import Foundation
import Logging

/// Catalog's own settings, beside the runtime's.
struct CatalogSettings: Sendable {
    /// `CATALOG_SIMULATED_LATENCY_MS`: added to every product lookup, to rehearse slow dependencies (default 0).
    var simulatedLatency: Duration

    static func fromEnvironment(_ environment: [String: String], logger: Logger) -> CatalogSettings {
        let raw = environment["CATALOG_SIMULATED_LATENCY_MS"] ?? "0"
        guard let milliseconds = Int(raw), milliseconds >= 0 else {
            FileHandle.standardError.write(Data("catalog: cannot start: CATALOG_SIMULATED_LATENCY_MS=\"\(raw)\" is not valid: expected a whole number of milliseconds >= 0\n".utf8))
            exit(78)
        }
        return CatalogSettings(simulatedLatency: .milliseconds(milliseconds))
    }
}
