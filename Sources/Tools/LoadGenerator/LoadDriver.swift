import Foundation
import Synchronization
import UnixSignals

/// Runs the phases of a load run: warm-up until one saga completes, the measured load (open or closed
/// model) with a progress line a second, then the wait for outstanding sagas.
final class LoadDriver: Sendable {
    let client: CheckoutClient
    let recorder: LoadRecorder
    let rate: Double?
    let concurrency: Int?
    let duration: Duration
    let sagaTimeout: Duration
    let maxInFlight: Int
    let target: String
    let sequence = Atomic<Int>(0)
    let inFlight = Atomic<Int>(0)
    let stopRequested = Atomic<Bool>(false)

    init(client: CheckoutClient, recorder: LoadRecorder, options: LoadGenerator) {
        self.client = client
        self.recorder = recorder
        rate = options.rate
        concurrency = options.concurrency
        duration = .milliseconds(Int64(options.duration * 1000))
        sagaTimeout = .milliseconds(Int64(options.sagaTimeout * 1000))
        maxInFlight = options.maxInFlight
        target = client.url
    }

    func warmUpAndRun() async throws -> LoadReport {
        try await warmUp()
        return try await withThrowingTaskGroup(of: Void.self) { tasks in
            // Ctrl-C / SIGTERM end the load early; the report still comes.
            tasks.addTask { [self] in
                for await _ in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                    stopRequested.store(true, ordering: .relaxed)
                    log("stopping early (signal): waiting for outstanding sagas, then reporting")
                    return
                }
            }
            recorder.startMeasuring()
            let start = ContinuousClock.now
            tasks.addTask { [self] in await progress(since: start) }
            if let rate { await openModel(rate: rate, start: start) } else { await closedModel(clients: concurrency ?? 1, start: start) }
            let loadEnd = ContinuousClock.now
            let deadline = loadEnd + sagaTimeout
            while recorder.pendingMeasured > 0, ContinuousClock.now < deadline {
                try await Task.sleep(for: .milliseconds(50))
            }
            recorder.closePending()
            tasks.cancelAll()
            let model = rate.map { "open model, \(Self.format($0)) checkouts/s" } ?? "closed model, \(concurrency ?? 1) clients"
            return LoadReport(snapshot: recorder.snapshot, model: model, target: target, elapsed: loadEnd - start)
        }
    }

    /// Sends a checkout every two seconds until one saga ends: the listener then has its partitions, and
    /// the slice answers end to end.
    private func warmUp() async throws {
        let deadline = ContinuousClock.now + .seconds(90)
        log("warming up: one checkout every 2 s until a saga ends (the Kafka listener joins its group meanwhile)")
        while recorder.warmUpCompleted == 0 {
            guard ContinuousClock.now < deadline else { throw LoadError(message: "no saga ended within 90 s of warm-up: is the slice running?") }
            guard !stopRequested.load(ordering: .relaxed) else { throw LoadError(message: "stopped during warm-up") }
            let start = ContinuousClock.now
            if case .accepted(let orderID) = await client.post(sequence: sequence.add(1, ordering: .relaxed).newValue) {
                recorder.accepted(orderID: orderID, start: start, latency: .zero, measured: false)
            }
            let next = start + .seconds(2)
            while recorder.warmUpCompleted == 0, ContinuousClock.now < next { try await Task.sleep(for: .milliseconds(20)) }
        }
    }

    /// Starts checkout `n` at `start + n / rate`, each in its own child task, whether or not earlier ones
    /// were answered (no coordinated omission); beyond `maxInFlight` a due checkout is counted as dropped.
    private func openModel(rate: Double, start: ContinuousClock.Instant) async {
        let end = start + duration
        await withDiscardingTaskGroup { group in
            var due = 0
            while !stopRequested.load(ordering: .relaxed) {
                let now = ContinuousClock.now
                guard now < end else { break }
                let elapsed = Self.seconds(now - start)
                let target = Int(elapsed * rate) + 1
                while due < target {
                    due += 1
                    if inFlight.load(ordering: .relaxed) >= maxInFlight {
                        recorder.dropped()
                        continue
                    }
                    inFlight.add(1, ordering: .relaxed)
                    group.addTask { [self] in
                        await send()
                        inFlight.subtract(1, ordering: .relaxed)
                    }
                }
                let next = start + .nanoseconds(Int64(Double(due) / rate * 1e9))
                try? await Task.sleep(until: min(next, end), clock: .continuous)
            }
        }
    }

    /// `clients` loops, each sending its next checkout when the previous one was answered.
    private func closedModel(clients: Int, start: ContinuousClock.Instant) async {
        let end = start + duration
        await withDiscardingTaskGroup { group in
            for _ in 0..<clients {
                group.addTask { [self] in
                    while ContinuousClock.now < end, !stopRequested.load(ordering: .relaxed) { await send() }
                }
            }
        }
    }

    private func send() async {
        let measured = recorder.sending()
        let start = ContinuousClock.now
        let answer = await client.post(sequence: sequence.add(1, ordering: .relaxed).newValue)
        let latency = ContinuousClock.now - start
        switch answer {
        case .accepted(let orderID): recorder.accepted(orderID: orderID, start: start, latency: latency, measured: measured)
        case .failed(let kind): recorder.failed(kind: kind, latency: kind == "timeout" ? nil : latency, measured: measured)
        }
    }

    /// One line a second on stderr while the load runs.
    private func progress(since start: ContinuousClock.Instant) async {
        var previousSent = 0
        while !Task.isCancelled {
            do { try await Task.sleep(for: .seconds(1)) } catch { return }
            let now = ContinuousClock.now
            recorder.forgetEarly(olderThan: .seconds(30), now: now)
            let state = recorder.snapshot
            let errors = state.errors.filter { !$0.key.hasPrefix("saga failed") }.values.reduce(0, +)
            let post = state.post.summary
            let saga = state.toConfirmed.summary
            log(
                "[\(Self.format(Self.seconds(now - start), digits: 0))s] sent \(state.sent) (\(state.sent - previousSent)/s) accepted \(state.accepted) "
                    + "errors \(errors) | confirmed \(state.confirmed) failed \(state.failed) pending \(state.pending.count) "
                    + "| POST p50 \(Self.format(post.p50)) p99 \(Self.format(post.p99)) ms | to-confirmed p50 \(Self.format(saga.p50)) p99 \(Self.format(saga.p99)) ms"
            )
            previousSent = state.sent
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }

    static func format(_ value: Double, digits: Int = 1) -> String {
        String(format: "%.\(digits)f", value)
    }
}

/// The run could not start or finish.
struct LoadError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// A progress line on stderr.
func log(_ line: String) {
    FileHandle.standardError.write(Data(("loadgen: " + line + "\n").utf8))
}
