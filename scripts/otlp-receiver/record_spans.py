# Trace processor for rotel (https://pypi.org/project/rotel/), the real OTLP receiver the test script
# starts. rotel loads this file with `--otlp-with-trace-processor` and calls `process_spans` once per
# received ResourceSpans, in its embedded Python (the system libpython3.11), before batching.
#
# Every received span is appended as ONE JSON object per line (UTF-8, "\n"-terminated) to the file named
# by the environment variable OTLP_RECEIVED_SPANS. Format of a line (keys always present):
#
#   {
#     "trace_id":        "5b8efff798038103d269b633813fc60c",  // lowercase hex, 32 chars
#     "span_id":         "eee19b7ec3c1b174",                  // lowercase hex, 16 chars
#     "parent_span_id":  "",                                  // lowercase hex, "" for a root span
#     "name":            "GET /orders/{id}",
#     "kind":            "SERVER",        // UNSPECIFIED | INTERNAL | SERVER | CLIENT | PRODUCER | CONSUMER
#     "kind_code":       2,               // the OTLP SpanKind number (0..5) behind "kind"
#     "attributes":      {"http.route": "/orders/{id}", "http.response.status_code": 200},
#     "status_code":     "UNSET",         // UNSET | OK | ERROR (OTLP StatusCode 0 | 1 | 2)
#     "status_message":  "",
#     "start_time_unix_nano": 1544712660000000000,   // integer
#     "end_time_unix_nano":   1544712661000000000,   // integer
#     "trace_state":     "",              // W3C tracestate string as sent
#     "flags":           256,             // OTLP Span.flags: bits 0-7 W3C trace flags (sampled = 1),
#                                         // bit 8 "has is_remote", bit 9 "parent is remote"; 0 if unset
#     "events":  [{"name": "exception", "time_unix_nano": 1544712660500000000, "attributes": {...}}],
#     "links":   [{"trace_id": "<hex>", "span_id": "<hex>", "trace_state": "", "attributes": {...}}],
#     "scope":    {"name": "instrumentation name", "version": "1.0", "attributes": {...}},
#     "resource": {"service.name": "orders", "telemetry.sdk.language": "swift", ...}
#   }
#
# Attribute values (in "attributes", "resource", event/link/scope attributes) map OTLP AnyValue to JSON:
# string -> string, int -> integer, double -> number, bool -> true/false, array -> JSON array,
# kvlist -> JSON object, bytes -> base64 string, empty value -> null. A repeated key keeps its last value.
#
# Readers: the receiver writes each ResourceSpans with a single append, a few milliseconds after the
# request arrives (the OTLP response may come back slightly before), so poll the file until the spans you
# expect appear, and ignore a last line that does not yet end in "\n". The file is shared by every test
# of one run: filter on your own trace_id or on a service.name unique to your test.
#
# If converting a span fails, a line {"error": "<message>"} is written instead. An exception escaping
# `process_spans` would crash rotel (it panics), so nothing here may raise.

import base64
import json
import os
import traceback

_KINDS = ("UNSPECIFIED", "INTERNAL", "SERVER", "CLIENT", "PRODUCER", "CONSUMER")
_STATUS_CODES = ("UNSET", "OK", "ERROR")


def _hex(raw):
    if raw is None:
        return ""
    return bytes(raw).hex()


def _value(any_value):
    if any_value is None:
        return None
    value = any_value.value
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, bytes, bytearray)):
        # rotel hands bytes values over as a list of ints; arrays come as ArrayValue.
        return base64.b64encode(bytes(value)).decode("ascii")
    type_name = type(value).__name__
    if type_name == "ArrayValue":
        return [_value(item) for item in value]
    if type_name == "KeyValueList":
        return _attributes(value)
    return repr(value)


def _attributes(key_values):
    result = {}
    if key_values is None:
        return result
    for key_value in key_values:
        result[key_value.key] = _value(key_value.value)
    return result


def _name(names, code):
    code = int(code)
    return names[code] if 0 <= code < len(names) else str(code)


def _span(span, scope, resource):
    status = span.status
    status_code = int(status.code) if status is not None else 0
    return {
        "trace_id": _hex(span.trace_id),
        "span_id": _hex(span.span_id),
        "parent_span_id": _hex(span.parent_span_id),
        "name": span.name,
        "kind": _name(_KINDS, span.kind),
        "kind_code": int(span.kind),
        "attributes": _attributes(span.attributes),
        "status_code": _name(_STATUS_CODES, status_code),
        "status_message": (status.message or "") if status is not None else "",
        "start_time_unix_nano": int(span.start_time_unix_nano),
        "end_time_unix_nano": int(span.end_time_unix_nano),
        "trace_state": span.trace_state or "",
        "flags": int(span.flags or 0),
        "events": [
            {
                "name": event.name,
                "time_unix_nano": int(event.time_unix_nano),
                "attributes": _attributes(event.attributes),
            }
            for event in span.events
        ],
        "links": [
            {
                "trace_id": _hex(link.trace_id),
                "span_id": _hex(link.span_id),
                "trace_state": link.trace_state or "",
                "attributes": _attributes(link.attributes),
            }
            for link in span.links
        ],
        "scope": scope,
        "resource": resource,
    }


def _scope(instrumentation_scope):
    if instrumentation_scope is None:
        return {"name": "", "version": "", "attributes": {}}
    return {
        "name": instrumentation_scope.name or "",
        "version": instrumentation_scope.version or "",
        "attributes": _attributes(instrumentation_scope.attributes),
    }


def _lines(resource_spans):
    resource = resource_spans.resource
    resource_attributes = _attributes(resource.attributes) if resource is not None else {}
    for scope_spans in resource_spans.scope_spans:
        scope = _scope(scope_spans.scope)
        for span in scope_spans.spans:
            try:
                yield json.dumps(_span(span, scope, resource_attributes), separators=(",", ":"))
            except Exception:
                yield json.dumps({"error": traceback.format_exc()})


def process_spans(resource_spans):
    try:
        try:
            lines = list(_lines(resource_spans))
        except Exception:
            lines = [json.dumps({"error": traceback.format_exc()})]
        path = os.environ.get("OTLP_RECEIVED_SPANS")
        if not path or not lines:
            return
        data = ("\n".join(lines) + "\n").encode("utf-8")
        # One O_APPEND write per batch, so concurrent readers never see lines interleaved.
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            while data:
                data = data[os.write(fd, data):]
        finally:
            os.close(fd)
    except BaseException:
        # Never let anything escape: rotel aborts on a processor exception.
        pass
