public import Logging
public import TelemetryCore
public import Tracing

/// Wraps the kit's log handler: every record at or above the recorder's level goes to the flight recorder,
/// and only records at or above the runtime level (``RuntimeLogLevel``) reach the wrapped handler's output.
///
/// ```swift
/// LoggingSystem.bootstrap { label in
///     RecordingLogHandler(wrapping: JSONLogHandler(label: label, serviceName: "catalog"), label: label,
///                         recorder: recorder, level: runtimeLevel)
/// }
/// ```
public struct RecordingLogHandler: LogHandler {
    /// The handler whose output is emitted.
    public var wrapped: any LogHandler
    let label: String
    let recorder: FlightRecorder
    let runtimeLevel: RuntimeLogLevel
    let recorderLevel: Logger.Level
    let identify: (@Sendable (ServiceContext) -> SpanIdentity?)?
    /// A level set on this logger alone (`logger.logLevel = ...`); nil follows the runtime level.
    var localLevel: Logger.Level?

    /// Creates the wrapper.
    /// - Parameters:
    ///   - wrapped: The emitting handler (its own level is ignored: the runtime level decides).
    ///   - label: The logger's label.
    ///   - recorder: Where every record goes.
    ///   - level: The emitted level, shared by all the kit's handlers.
    ///   - recorderLevel: The lowest level recorded (default: every level).
    ///   - identify: The span identity of a context, to correlate records with traces.
    public init(
        wrapping wrapped: any LogHandler, label: String, recorder: FlightRecorder, level: RuntimeLogLevel,
        recorderLevel: Logger.Level = .trace, identify: (@Sendable (ServiceContext) -> SpanIdentity?)? = nil
    ) {
        var wrapped = wrapped
        wrapped.logLevel = .trace
        self.wrapped = wrapped
        self.label = label
        self.recorder = recorder
        self.runtimeLevel = level
        self.recorderLevel = recorderLevel
        self.identify = identify
    }

    /// The level `Logger` filters on: the lower of the recorder's and the emitted level.
    public var logLevel: Logger.Level {
        get { min(recorderLevel, emittedLevel) }
        set { localLevel = newValue }
    }

    var emittedLevel: Logger.Level { localLevel ?? runtimeLevel.level }

    /// The wrapped handler's metadata.
    public var metadata: Logger.Metadata {
        get { wrapped.metadata }
        set { wrapped.metadata = newValue }
    }

    /// The wrapped handler's metadata provider.
    public var metadataProvider: Logger.MetadataProvider? {
        get { wrapped.metadataProvider }
        set { wrapped.metadataProvider = newValue }
    }

    /// One metadata value of the wrapped handler.
    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { wrapped[metadataKey: key] }
        set { wrapped[metadataKey: key] = newValue }
    }

    /// Records the event, and emits it when its level is at or above the runtime level.
    public func log(event: LogEvent) {
        if event.level >= recorderLevel {
            let identity = identify.flatMap { identify in ServiceContext.current.flatMap(identify) }
            recorder.recordLog(
                level: event.level, label: label, message: event.message.description,
                source: event.source, metadata: event.metadata, identity: identity
            )
        }
        if event.level >= emittedLevel {
            wrapped.log(event: event)
        }
    }
}
