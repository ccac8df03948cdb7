#if canImport(Glibc)
import Glibc
#endif
public import CoreMetrics
public import Logging
public import TelemetryCore
public import Tracing

/// An always-on, bounded recording of what the process just did: every finished span (sampled or not),
/// log records at every level, tracked-task events and runtime samples, dumped on demand or on incidents.
///
/// Records are encoded into one preallocated byte ring (``FlightRecorderConfiguration/budgetBytes``), so
/// recording allocates nothing and the recorder never grows past its budget, whatever the load.
///
/// ```swift
/// let recorder = FlightRecorder(configuration: .init(), serviceName: "catalog")
/// let tracer = KitTracer(wrapping: SpanObservingTracer(wrapping: backend, recorder: recorder))
/// recorder.trigger(reason: "readiness")   // rate-limited automatic dump, written by FlightRecorderService
/// let otlp = recorder.dump(format: .otlpJSON)
/// ```
public final class FlightRecorder: SpanRecorder, Sendable {
    /// The recorder's settings.
    public let configuration: FlightRecorderConfiguration
    /// `service.name` in dumps.
    public let serviceName: String
    /// Resource attributes in OTLP dumps (besides `service.name`).
    public let resourceAttributes: [String: String]

    let ring: RecordRing
    let running = RunningSpans()
    let gate: TriggerGate
    let requests: AsyncStream<DumpRequest>
    let requestSink: AsyncStream<DumpRequest>.Continuation
    let dumpCounterFactory: any MetricsFactory
    let failures: Counter
    let bytesGauge: Gauge

    /// A request for a dump to disk.
    struct DumpRequest: Sendable {
        var reason: String
    }

    /// Creates the recorder and allocates its whole budget.
    public init(
        configuration: FlightRecorderConfiguration,
        serviceName: String,
        resourceAttributes: [String: String] = [:],
        metricsFactory: any MetricsFactory = MetricsSystem.factory
    ) {
        self.configuration = configuration
        self.serviceName = serviceName
        self.resourceAttributes = resourceAttributes
        let (minSeconds, minAttos) = configuration.minimumAge.components
        ring = RecordRing(
            budget: configuration.budgetBytes - RunningSpans.approximateBytes,
            minimumAgeNanos: UInt64(max(0, minSeconds)) * 1_000_000_000 + UInt64(max(0, minAttos)) / 1_000_000_000
        )
        gate = TriggerGate(burst: configuration.triggerBurst, interval: configuration.triggerInterval)
        (requests, requestSink) = AsyncStream.makeStream(of: DumpRequest.self, bufferingPolicy: .bufferingNewest(4))
        dumpCounterFactory = metricsFactory
        failures = Counter(label: Self.dumpFailuresMetric, factory: metricsFactory)
        bytesGauge = Gauge(label: Self.bytesMetric, factory: metricsFactory)
    }

    /// `kit.flightrecorder.dumps` (label `trigger`).
    public static let dumpsMetric = "kit.flightrecorder.dumps"
    /// `kit.flightrecorder.dump.failures`.
    public static let dumpFailuresMetric = "kit.flightrecorder.dump.failures"
    /// `kit.flightrecorder.bytes`: bytes of records held.
    public static let bytesMetric = "kit.flightrecorder.bytes"

    // MARK: recording

    /// Takes a running-span slot (for `/debug/tracez`).
    public func spanStarted(name: String, kind: SpanKind, startNanos: UInt64) -> Int {
        running.start(name: name, kindCode: RecordCoding.kindCode(kind), startNanos: max(startNanos, 1))
    }

    /// Records a finished span and frees its running slot.
    public func spanEnded(_ span: EndedSpan, token: Int) {
        running.end(token)
        ring.append(kind: .span, time: span.endNanos) { RecordCoding.encode(span, into: &$0) }
    }

    /// Records a tracked-task lifecycle event.
    public func record(taskEvent: TaskEvent) {
        ring.append(kind: .task, time: taskEvent.timeNanos) { RecordCoding.encode(taskEvent, into: &$0) }
    }

    /// Records a runtime sample.
    public func record(sample: RuntimeSample) {
        ring.append(kind: .sample, time: sample.timeNanos) { RecordCoding.encode(sample, into: &$0) }
    }

    /// Records a log record (``RecordingLogHandler`` calls this for every level).
    public func recordLog(
        level: Logger.Level, label: String, message: String, source: String, metadata: Logger.Metadata?, identity: SpanIdentity?
    ) {
        ring.append(kind: .log, time: Self.nowNanos()) {
            RecordCoding.encodeLog(level: level, label: label, message: message, source: source, identity: identity, metadata: metadata, into: &$0)
        }
    }

    // MARK: reading

    /// Counters describing the ring (bytes used, capacity, records, evictions before the minimum age).
    public var statistics: Statistics {
        let ring = ring.statistics
        return Statistics(
            usedBytes: ring.usedBytes, capacityBytes: ring.capacity, records: ring.records,
            youngEvictions: ring.youngEvictions, recordsWritten: ring.written
        )
    }

    /// The memory the recorder allocated for records; never above ``FlightRecorderConfiguration/budgetBytes``.
    public var allocatedBytes: Int { ring.allocatedBytes + RunningSpans.approximateBytes }

    /// The whole recording in one format.
    public func dump(format: DumpFormat) -> [UInt8] {
        let snapshot = ring.snapshot()
        switch format {
        case .otlpJSON: return OTLPJSONRenderer(serviceName: serviceName, resource: resourceAttributes).render(snapshot)
        case .chromeTrace: return ChromeTraceRenderer(serviceName: serviceName, statistics: statistics).render(snapshot)
        }
    }

    /// Recent spans by latency bucket, error samples and running spans.
    public func tracez(now: UInt64 = FlightRecorder.nowNanos()) -> TracezSnapshot {
        TracezSnapshot(records: RecordCoding.decode(ring.snapshot()), running: running.entries(), now: now)
    }

    // MARK: dumps to disk

    /// Asks for an automatic dump (an incident): rate-limited, so a storm of triggers costs nothing.
    /// - Returns: Whether a dump was scheduled.
    @discardableResult
    public func trigger(reason: String) -> Bool {
        guard gate.admit() else { return false }
        requestSink.yield(DumpRequest(reason: reason))
        return true
    }

    /// Asks for a dump by an operator (SIGUSR2): not subject to the incident rate limit.
    public func requestDump(reason: String) {
        requestSink.yield(DumpRequest(reason: reason))
    }

    /// Counts a dump in `kit.flightrecorder.dumps{trigger}`.
    public func countDump(trigger: String) {
        Counter(label: Self.dumpsMetric, dimensions: [("trigger", trigger)], factory: dumpCounterFactory).increment()
    }

    /// Wall-clock now in nanoseconds since the Unix epoch.
    public static func nowNanos() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
    }
}

extension RunningSpans {
    /// What the running-span table takes from the budget (1024 slots of an atomic state and a name with its kind).
    static let approximateBytes = 1024 * (8 + slotBytes) + 64
}
