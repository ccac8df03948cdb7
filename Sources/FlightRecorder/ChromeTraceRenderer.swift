/// Renders the recording as Chrome / Perfetto trace-event JSON: spans as complete (`X`) events, logs and
/// task events as instant (`i`) events, runtime samples as counter (`C`) events.
///
/// - SeeAlso: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
struct ChromeTraceRenderer {
    var serviceName: String
    var statistics: FlightRecorder.Statistics

    /// Lanes (thread ids) spans are spread over, by trace, so concurrent traces do not overlap.
    static let spanLanes: UInt64 = 32

    /// Renders every record of a ring snapshot, read in place.
    func render(_ snapshot: [UInt8]) -> [UInt8] {
        JSONBytes.render(estimatedCount: snapshot.count * 7 / 2 + 4096) { json in
            write(snapshot, into: &json)
        }
    }

    func write(_ snapshot: [UInt8], into json: inout JSONBytes) {
        json.raw("{\"displayTimeUnit\":\"ms\",\"otherData\":{\"service.name\":")
        json.string(serviceName)
        json.raw(",\"flightrecorder.records\":")
        json.number(UInt64(statistics.records))
        json.raw(",\"flightrecorder.young_evictions\":")
        json.number(UInt64(statistics.youngEvictions))
        json.raw("},\"traceEvents\":[{\"ph\":\"M\",\"name\":\"process_name\",\"pid\":1,\"tid\":0,\"args\":{\"name\":")
        json.string(serviceName)
        json.raw("}},{\"ph\":\"M\",\"name\":\"thread_name\",\"pid\":1,\"tid\":0,\"args\":{\"name\":\"logs and tasks\"}}")
        var previousSample: RuntimeSample?
        snapshot.withUnsafeBytes { bytes in
            RecordViews.forEach(in: bytes) { kind, time, reader in
                json.comma()
                switch kind {
                case .span: write(SpanView(&reader), into: &json)
                case .log: write(LogView(&reader), time: time, into: &json)
                case .task: write(TaskView(&reader), time: time, into: &json)
                case .sample:
                    let sample = RecordCoding.decodeSample(&reader, time: time)
                    write(sample, previous: previousSample, into: &json)
                    previousSample = sample
                }
            }
        }
        json.raw("]}")
    }

    /// Microseconds with three decimals, as the trace-event format's `ts` and `dur` take them.
    func microseconds(_ nanos: UInt64, into json: inout JSONBytes) {
        json.number(nanos / 1000)
        json.raw(".")
        json.threeDigits(nanos % 1000)
    }

    func timestamp(_ nanos: UInt64, into json: inout JSONBytes) {
        json.raw(",\"ts\":")
        microseconds(nanos, into: &json)
    }

    func write(_ span: SpanView, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"X\",\"cat\":\"span\",\"name\":")
        json.string(span.name)
        timestamp(span.startNanos, into: &json)
        json.raw(",\"dur\":")
        microseconds(span.durationNanos, into: &json)
        json.raw(",\"pid\":1,\"tid\":")
        json.number(1 + span.traceLow % Self.spanLanes)
        json.raw(",\"args\":{\"trace_id\":\"")
        json.hex(span.traceHigh)
        json.hex(span.traceLow)
        json.raw("\",\"span_id\":\"")
        json.hex(span.spanID)
        json.raw("\",\"parent_span_id\":\"")
        json.hex(span.parentSpanID)
        json.raw(span.isSampled ? "\",\"sampled\":true" : "\",\"sampled\":false")
        json.raw(span.isError ? ",\"error\":true" : ",\"error\":false")
        var attributes = span.attributes
        while let attribute = attributes.next() {
            json.comma()
            json.string(attribute.key)
            json.raw(":")
            switch attribute.value {
            case .string(let text): json.string(text)
            case .int(let number): json.number(number)
            case .double(let number): json.number(number)
            case .bool(let flag): json.raw(flag ? "true" : "false")
            }
        }
        json.raw("}}")
    }

    func write(_ log: LogView, time: UInt64, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"i\",\"s\":\"p\",\"cat\":\"log\",\"name\":")
        json.string(log.message)
        timestamp(time, into: &json)
        json.raw(",\"pid\":1,\"tid\":0,\"args\":{\"level\":")
        json.string(RecordCoding.levels[min(log.levelIndex, RecordCoding.levels.count - 1)].rawValue)
        json.raw(",\"logger\":")
        json.string(log.label)
        json.raw(",\"source\":")
        json.string(log.source)
        if log.traceHigh != 0 || log.traceLow != 0 {
            json.raw(",\"trace_id\":\"")
            json.hex(log.traceHigh)
            json.hex(log.traceLow)
            json.raw("\",\"span_id\":\"")
            json.hex(log.spanID)
            json.raw("\"")
        }
        var metadata = log.metadata
        while let pair = metadata.next() {
            json.comma()
            json.string(pair.key)
            json.raw(":")
            json.string(pair.value)
        }
        json.raw("}}")
    }

    func write(_ event: TaskView, time: UInt64, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"i\",\"s\":\"p\",\"cat\":\"task\",\"name\":")
        json.string("task \(event.phase.name): \(String(decoding: event.name, as: UTF8.self))")
        timestamp(time, into: &json)
        json.raw(",\"pid\":1,\"tid\":0,\"args\":{\"task_id\":")
        json.number(event.taskID)
        json.raw(",\"site\":")
        json.string(event.site)
        if event.traceHigh != 0 || event.traceLow != 0 {
            json.raw(",\"trace_id\":\"")
            json.hex(event.traceHigh)
            json.hex(event.traceLow)
            json.raw("\"")
        }
        json.raw("}}")
    }

    func write(_ sample: RuntimeSample, previous: RuntimeSample?, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"C\",\"name\":\"runtime\"")
        timestamp(sample.timeNanos, into: &json)
        json.raw(",\"pid\":1,\"args\":{\"rss_mib\":")
        json.number(Double(sample.residentBytes) / 1_048_576)
        json.raw(",\"threads\":")
        json.number(UInt64(sample.threads))
        json.raw(",\"open_fds\":")
        json.number(UInt64(sample.openFileDescriptors))
        if let previous, sample.timeNanos > previous.timeNanos, sample.cpuNanos >= previous.cpuNanos {
            json.raw(",\"cpu_percent\":")
            json.number(Double(sample.cpuNanos - previous.cpuNanos) * 100 / Double(sample.timeNanos - previous.timeNanos))
        }
        if let live = sample.liveTasks {
            json.raw(",\"live_tasks\":")
            json.number(UInt64(live))
        }
        if let lag = sample.eventLoopLagNanos {
            json.raw(",\"event_loop_lag_ms\":")
            json.number(Double(lag) / 1e6)
        }
        json.raw("}}")
    }
}
