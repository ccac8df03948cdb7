/// How the flight recorder is bounded and where its dumps go.
///
/// | variable | default | meaning |
/// | --- | --- | --- |
/// | `FLIGHT_RECORDER_BYTES` | `10485760` (10 MiB) | all the memory the recorder holds records in, allocated once |
/// | `FLIGHT_RECORDER_MIN_AGE_SECONDS` | `10` | records younger than this are evicted only when the byte budget leaves no choice |
/// | `FLIGHT_RECORDER_DIR` | `./.run/flightrecorder` | where triggered dumps are written |
public struct FlightRecorderConfiguration: Sendable, Equatable {
    /// The memory budget in bytes; the byte budget always wins over the minimum age.
    public var budgetBytes: Int
    /// The age under which records are kept unless the budget forces them out.
    public var minimumAge: Duration
    /// The directory triggered dumps are written to.
    public var directory: String
    /// How many dumps (each one OTLP JSON file + one Perfetto file) the directory keeps.
    public var retainedDumps: Int
    /// The most bytes the dump files may take together; the oldest go first.
    public var retainedBytes: Int
    /// Automatic dumps: at most `triggerBurst` at once, then one per `triggerInterval`.
    public var triggerInterval: Duration
    /// Automatic dumps allowed back to back before the interval applies.
    public var triggerBurst: Int

    /// The smallest budget accepted.
    public static let minimumBudget = 256 * 1024

    /// Creates a configuration; the defaults are the documented ones.
    public init(
        budgetBytes: Int = 10 * 1024 * 1024,
        minimumAge: Duration = .seconds(10),
        directory: String = "./.run/flightrecorder",
        retainedDumps: Int = 10,
        retainedBytes: Int = 256 * 1024 * 1024,
        triggerInterval: Duration = .seconds(60),
        triggerBurst: Int = 2
    ) {
        self.budgetBytes = max(budgetBytes, Self.minimumBudget)
        self.minimumAge = minimumAge
        self.directory = directory
        self.retainedDumps = retainedDumps
        self.retainedBytes = retainedBytes
        self.triggerInterval = triggerInterval
        self.triggerBurst = triggerBurst
    }
}
