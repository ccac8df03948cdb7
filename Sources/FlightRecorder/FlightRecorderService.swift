#if canImport(Glibc)
@preconcurrency import Glibc
#endif
import Dispatch
public import Logging
public import ServiceLifecycle

/// Runs the recorder's background work: a runtime sample once a second, dumps to disk when triggered,
/// and a dump on SIGUSR2.
///
/// ```swift
/// let service = FlightRecorderService(recorder: recorder, logger: logger, liveTasks: { tracker.liveCount })
/// ```
public struct FlightRecorderService: Service {
    let recorder: FlightRecorder
    let logger: Logger
    let liveTasks: (@Sendable () -> Int)?
    let eventLoopLag: (@Sendable () async -> Duration?)?
    let sampleInterval: Duration
    let handlesSignal: Bool

    /// Creates the service.
    /// - Parameters:
    ///   - recorder: The recorder it samples into and dumps.
    ///   - logger: Where dumps are logged with their path.
    ///   - liveTasks: Live tracked tasks (from the task tracker), sampled once a second.
    ///   - eventLoopLag: Measures how late a task scheduled on an event loop runs (the caller brings the loop).
    ///   - sampleInterval: Time between runtime samples (default one second).
    ///   - handlesSignal: Dump on SIGUSR2 (default true).
    public init(
        recorder: FlightRecorder,
        logger: Logger,
        liveTasks: (@Sendable () -> Int)? = nil,
        eventLoopLag: (@Sendable () async -> Duration?)? = nil,
        sampleInterval: Duration = .seconds(1),
        handlesSignal: Bool = true
    ) {
        self.recorder = recorder
        self.logger = logger
        self.liveTasks = liveTasks
        self.eventLoopLag = eventLoopLag
        self.sampleInterval = sampleInterval
        self.handlesSignal = handlesSignal
    }

    /// Samples and dumps until graceful shutdown.
    public func run() async throws {
        let signalSource = handlesSignal ? makeSignalSource() : nil
        defer { signalSource?.cancel() }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.sampleLoop() }
            group.addTask { await self.dumpLoop() }
            await withGracefulShutdownHandler {
                await group.next()
            } onGracefulShutdown: {
                recorder.requestSink.finish()
            }
            group.cancelAll()
        }
    }

    func sampleLoop() async {
        while !Task.isCancelled, !Task.isShuttingDownGracefully {
            let lag = await eventLoopLag?()
            let lagNanos = lag.map { UInt64(max(0, $0.components.seconds)) * 1_000_000_000 + UInt64(max(0, $0.components.attoseconds)) / 1_000_000_000 }
            recorder.record(sample: ProcessSampler.sample(timeNanos: FlightRecorder.nowNanos(), liveTasks: liveTasks?(), eventLoopLagNanos: lagNanos))
            recorder.publishGauge()
            do { try await Task.sleep(for: sampleInterval) } catch { return }
        }
    }

    func dumpLoop() async {
        for await request in recorder.requests {
            _ = try? recorder.writeDump(reason: request.reason, logger: logger)
        }
    }

    func makeSignalSource() -> any DispatchSourceSignal {
        signal(SIGUSR2, SIG_IGN)  // the dispatch source, not the default action (terminate), handles it
        let source = DispatchSource.makeSignalSource(signal: SIGUSR2, queue: .global())
        let recorder = recorder
        source.setEventHandler { recorder.requestDump(reason: "sigusr2") }
        source.resume()
        return source
    }
}
