/// Renders spans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (hex ids, 64-bit numbers as strings),
/// which a collector accepts on `POST /v1/traces` with `Content-Type: application/json`.
///
/// Logs, task events and samples are not spans: they go into the Perfetto format only.
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
struct OTLPJSONRenderer {
    var serviceName: String
    var resource: [String: String]

    /// Renders the spans of a ring snapshot, read in place.
    func render(_ snapshot: [UInt8]) -> [UInt8] {
        JSONBytes.render(estimatedCount: snapshot.count * 7 / 2 + 4096) { json in
            write(snapshot, into: &json)
        }
    }

    func write(_ snapshot: [UInt8], into json: inout JSONBytes) {
        json.raw("{\"resourceSpans\":[{\"resource\":{\"attributes\":[")
        var resourceAttributes = resource
        resourceAttributes["service.name"] = serviceName
        for (index, (key, value)) in resourceAttributes.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.comma() }
            json.raw("{\"key\":")
            json.string(key)
            json.raw(",\"value\":{\"stringValue\":")
            json.string(value)
            json.raw("}}")
        }
        json.raw("]},\"scopeSpans\":[{\"scope\":{\"name\":\"flightrecorder\"},\"spans\":[")
        var first = true
        snapshot.withUnsafeBytes { bytes in
            RecordViews.forEach(in: bytes) { kind, _, reader in
                guard kind == .span else { return }
                let span = SpanView(&reader)
                guard span.traceHigh != 0 || span.traceLow != 0 else { return }
                if !first { json.comma() }
                first = false
                write(span, into: &json)
            }
        }
        json.raw("]}]}]}")
    }

    func write(_ span: SpanView, into json: inout JSONBytes) {
        json.raw("{\"traceId\":\"")
        json.hex(span.traceHigh)
        json.hex(span.traceLow)
        json.raw("\",\"spanId\":\"")
        json.hex(span.spanID)
        json.raw("\",")
        if span.parentSpanID != 0 {
            json.raw("\"parentSpanId\":\"")
            json.hex(span.parentSpanID)
            json.raw("\",")
        }
        json.key("name")
        json.string(span.name)
        json.raw(",\"kind\":")
        json.number(UInt64(span.kind))
        json.raw(",\"startTimeUnixNano\":")
        json.quoted(span.startNanos)
        json.raw(",\"endTimeUnixNano\":")
        json.quoted(span.endNanos)
        json.raw(",\"attributes\":[")
        var attributes = span.attributes
        while let attribute = attributes.next() {
            json.raw("{\"key\":")
            json.string(attribute.key)
            json.raw(",\"value\":{")
            switch attribute.value {
            case .string(let text):
                json.raw("\"stringValue\":")
                json.string(text)
            case .int(let number):
                json.raw("\"intValue\":\"")
                json.number(number)
                json.raw("\"")
            case .double(let number):
                json.raw("\"doubleValue\":")
                json.number(number)
            case .bool(let flag):
                json.raw(flag ? "\"boolValue\":true" : "\"boolValue\":false")
            }
            json.raw("}},")
        }
        json.raw(span.isSampled ? "{\"key\":\"flightrecorder.sampled\",\"value\":{\"boolValue\":true}}" : "{\"key\":\"flightrecorder.sampled\",\"value\":{\"boolValue\":false}}")
        json.raw("],\"status\":{")
        if span.isError {
            json.raw("\"code\":2")
            if span.statusMessage.count > 0 {
                json.raw(",\"message\":")
                json.string(span.statusMessage)
            }
        }
        json.raw("}}")
    }
}
