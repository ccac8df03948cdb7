/// Renders the recording as Chrome / Perfetto trace-event JSON: spans as complete (`X`) events, logs and
/// task events as instant (`i`) events, runtime samples as counter (`C`) events.
///
/// - SeeAlso: https://docs.google.com/document/d/1CvAClvFfyA5R-PhYUmn5OOQtYMH4h6I0nSsKchNAySU
struct ChromeTraceRenderer {
    var serviceName: String
    var statistics: FlightRecorder.Statistics

    /// Lanes (thread ids) spans are spread over, by trace, so concurrent traces do not overlap.
    static let spanLanes: UInt64 = 32

    func render(_ records: [DecodedRecord]) -> [UInt8] {
        var json = JSONBytes(reservingCapacity: records.count * 260 + 512)
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
        for record in records {
            json.comma()
            switch record {
            case .span(let span): write(span, into: &json)
            case .log(let log): write(log, into: &json)
            case .task(let event): write(event, into: &json)
            case .sample(let sample):
                write(sample, previous: previousSample, into: &json)
                previousSample = sample
            }
        }
        json.raw("]}")
        return json.bytes
    }

    func timestamp(_ nanos: UInt64, into json: inout JSONBytes) {
        json.raw(",\"ts\":")
        json.number(UInt64(nanos / 1000))
        json.raw(".")
        let fraction = nanos % 1000
        json.raw(fraction < 10 ? "00" : fraction < 100 ? "0" : "")
        json.number(fraction)
    }

    func write(_ span: SpanRecord, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"X\",\"cat\":\"span\",\"name\":")
        json.string(span.name)
        timestamp(span.startNanos, into: &json)
        json.raw(",\"dur\":")
        json.number(Double(span.durationNanos) / 1000)
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
        for (key, value) in span.attributes {
            json.comma()
            json.string(key)
            json.raw(":")
            switch value {
            case .string(let text): json.string(text)
            case .int(let number): json.number(number)
            case .double(let number): json.number(number)
            case .bool(let flag): json.raw(flag ? "true" : "false")
            }
        }
        json.raw("}}")
    }

    func write(_ log: LogRecord, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"i\",\"s\":\"p\",\"cat\":\"log\",\"name\":")
        json.string(log.message)
        timestamp(log.timeNanos, into: &json)
        json.raw(",\"pid\":1,\"tid\":0,\"args\":{\"level\":")
        json.string(log.level.rawValue)
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
        for (key, value) in log.metadata {
            json.comma()
            json.string(key)
            json.raw(":")
            json.string(value)
        }
        json.raw("}}")
    }

    func write(_ event: TaskEvent, into json: inout JSONBytes) {
        json.raw("{\"ph\":\"i\",\"s\":\"p\",\"cat\":\"task\",\"name\":")
        json.string("task \(event.phase.name): \(event.name)")
        timestamp(event.timeNanos, into: &json)
        json.raw(",\"pid\":1,\"tid\":0,\"args\":{\"task_id\":")
        json.number(event.taskID)
        json.raw(",\"site\":")
        json.string(event.site)
        if let trace = event.traceID {
            json.raw(",\"trace_id\":")
            json.string(trace.description)
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
