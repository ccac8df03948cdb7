extension FlightRecorder {
    /// What the recorder holds now.
    public struct Statistics: Sendable, Equatable {
        /// Bytes of encoded records held.
        public var usedBytes: Int
        /// The ring's size in bytes.
        public var capacityBytes: Int
        /// Records held.
        public var records: Int
        /// Records evicted before their minimum age because the byte budget won.
        public var youngEvictions: Int
        /// Records written since start.
        public var recordsWritten: Int
    }

    /// The dump formats.
    public enum DumpFormat: String, Sendable, CaseIterable {
        /// OTLP/HTTP JSON `ExportTraceServiceRequest`: POST it to a collector's `/v1/traces`.
        case otlpJSON = "otlp"
        /// Chrome / Perfetto trace-event JSON (opens in ui.perfetto.dev).
        case chromeTrace = "chrome"

        /// The file name suffix of a dump in this format.
        public var fileSuffix: String {
            switch self {
            case .otlpJSON: ".otlp.json"
            case .chromeTrace: ".perfetto.json"
            }
        }
    }
}
