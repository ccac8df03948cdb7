/// Renders spans as an OTLP/HTTP JSON `ExportTraceServiceRequest` (hex ids, 64-bit numbers as strings),
/// which a collector accepts on `POST /v1/traces` with `Content-Type: application/json`.
///
/// Logs, task events and samples are not spans: they go into the Perfetto format only.
///
/// - SeeAlso: https://opentelemetry.io/docs/specs/otlp/#json-protobuf-encoding
struct OTLPJSONRenderer {
    var serviceName: String
    var resource: [String: String]

    func render(_ records: [DecodedRecord]) -> [UInt8] {
        var json = JSONBytes(reservingCapacity: records.count * 320 + 512)
        json.raw("{\"resourceSpans\":[{\"resource\":{\"attributes\":[")
        var resourceAttributes = resource
        resourceAttributes["service.name"] = serviceName
        for (index, (key, value)) in resourceAttributes.sorted(by: { $0.key < $1.key }).enumerated() {
            if index > 0 { json.comma() }
            attribute(&json, key, .string(value))
        }
        json.raw("]},\"scopeSpans\":[{\"scope\":{\"name\":\"flightrecorder\"},\"spans\":[")
        var first = true
        for case .span(let span) in records where span.traceHigh != 0 || span.traceLow != 0 {
            if !first { json.comma() }
            first = false
            write(span, into: &json)
        }
        json.raw("]}]}]}")
        return json.bytes
    }

    func write(_ span: SpanRecord, into json: inout JSONBytes) {
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
        attributes.append(("flightrecorder.sampled", .bool(span.isSampled)))
        for (index, (key, value)) in attributes.enumerated() {
            if index > 0 { json.comma() }
            attribute(&json, key, value)
        }
        json.raw("],\"status\":{")
        if span.isError {
            json.raw("\"code\":2")
            if !span.statusMessage.isEmpty {
                json.raw(",\"message\":")
                json.string(span.statusMessage)
            }
        }
        json.raw("}}")
    }

    func attribute(_ json: inout JSONBytes, _ key: String, _ value: AttributeValue) {
        json.raw("{\"key\":")
        json.string(key)
        json.raw(",\"value\":{")
        switch value {
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
        json.raw("}}")
    }
}
