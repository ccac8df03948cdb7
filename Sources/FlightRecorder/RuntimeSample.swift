/// One runtime sample (taken once a second by ``FlightRecorderService``).
public struct RuntimeSample: Sendable, Equatable {
    /// When it was taken, in nanoseconds since the Unix epoch.
    public var timeNanos: UInt64
    /// User + system CPU time of the process so far, in nanoseconds.
    public var cpuNanos: UInt64
    /// Resident set size in bytes.
    public var residentBytes: UInt64
    /// Threads of the process.
    public var threads: Int
    /// Open file descriptors.
    public var openFileDescriptors: Int
    /// Live tracked tasks, when a task tracker is connected.
    public var liveTasks: Int?
    /// How late a task scheduled on an event loop ran, when measured.
    public var eventLoopLagNanos: UInt64?

    /// Creates a sample.
    public init(
        timeNanos: UInt64, cpuNanos: UInt64, residentBytes: UInt64, threads: Int, openFileDescriptors: Int,
        liveTasks: Int? = nil, eventLoopLagNanos: UInt64? = nil
    ) {
        self.timeNanos = timeNanos
        self.cpuNanos = cpuNanos
        self.residentBytes = residentBytes
        self.threads = threads
        self.openFileDescriptors = openFileDescriptors
        self.liveTasks = liveTasks
        self.eventLoopLagNanos = eventLoopLagNanos
    }
}
