# Logs processor for rotel (https://pypi.org/project/rotel/), the real OTLP receiver the test script
# starts. rotel loads this file with `--otlp-with-logs-processor` and calls `process_logs` once per
# received ResourceLogs, in its embedded Python (the system libpython3.11), before batching. The object
# model (found by experiment against rotel 0.0.1a15, as for record_spans.py): ResourceLogs.resource /
# .scope_logs; ScopeLogs.scope / .log_records; LogRecord.body (AnyValue), .severity_text,
# .severity_number, .trace_id / .span_id (bytes, b"" when unset), .attributes, .time_unix_nano,
# .observed_time_unix_nano, .flags, .event_name. As for spans, only AnyValue.value is readable.
#
# Every received log record is appended as ONE JSON object per line (UTF-8, "\n"-terminated) to the file
# named by the environment variable OTLP_RECEIVED_LOGS. Format of a line (keys always present):
#
#   {
#     "body":             "listening",   // a string body as sent; any other AnyValue as its JSON text
#                                        // (mapped as below); "" for an empty body
#     "severity_text":    "INFO",        // as sent, "" if unset
#     "severity_number":  9,             // OTLP SeverityNumber (1..24; 9 = INFO), 0 if unset
#     "trace_id":         "5b8efff798038103d269b633813fc60c",  // lowercase hex, "" if none
#     "span_id":          "eee19b7ec3c1b174",                  // lowercase hex, "" if none
#     "flags":            1,             // OTLP LogRecord.flags (W3C trace flags), 0 if unset
#     "attributes":       {"listener": "http", "port": "8080"},
#     "time_unix_nano":          1544712660000000000,   // integer, 0 if unset
#     "observed_time_unix_nano": 1544712660000000000,   // integer, 0 if unset
#     "event_name":       "",
#     "scope":    {"name": "logger label", "version": "", "attributes": {...}},
#     "resource": {"service.name": "catalog", "telemetry.sdk.language": "swift", ...}
#   }
#
# Attribute values (in "attributes", "resource", scope attributes) map OTLP AnyValue to JSON exactly as in
# record_spans.py: string -> string, int -> integer, double -> number, bool -> true/false, array -> JSON
# array, kvlist -> JSON object, bytes -> base64 string, empty value -> null. A repeated key keeps its last
# value.
#
# rotel 0.0.1a15 runs the trace and the logs processor files in ONE shared global namespace: a helper
# defined in both files is silently replaced by whichever file loads last (found when record_spans.py's
# `_lines` took over this file's). So every module-level name here carries a `_logs_` prefix, and the
# conversion is repeated rather than imported.
#
# Readers: the receiver writes each ResourceLogs with a single append, a few milliseconds after the
# request arrives, so poll the file until the records you expect appear, and ignore a last line that does
# not yet end in "\n". The file is shared by every test of one run: filter on a service.name unique to
# your test.
#
# If converting a record fails, a line {"error": "<message>"} is written instead. An exception escaping
# `process_logs` would crash rotel (it panics), so nothing here may raise.

import base64
import json
import os
import traceback


def _logs_hex(raw):
    if raw is None:
        return ""
    return bytes(raw).hex()


def _logs_value(any_value):
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
        return [_logs_value(item) for item in value]
    if type_name == "KeyValueList":
        return _logs_attributes(value)
    return repr(value)


def _logs_attributes(key_values):
    result = {}
    if key_values is None:
        return result
    for key_value in key_values:
        result[key_value.key] = _logs_value(key_value.value)
    return result


def _logs_body(any_value):
    value = _logs_value(any_value)
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, separators=(",", ":"))


def _logs_record(log_record, scope, resource):
    return {
        "body": _logs_body(log_record.body),
        "severity_text": log_record.severity_text or "",
        "severity_number": int(log_record.severity_number or 0),
        "trace_id": _logs_hex(log_record.trace_id),
        "span_id": _logs_hex(log_record.span_id),
        "flags": int(log_record.flags or 0),
        "attributes": _logs_attributes(log_record.attributes),
        "time_unix_nano": int(log_record.time_unix_nano or 0),
        "observed_time_unix_nano": int(log_record.observed_time_unix_nano or 0),
        "event_name": log_record.event_name or "",
        "scope": scope,
        "resource": resource,
    }


def _logs_scope(instrumentation_scope):
    if instrumentation_scope is None:
        return {"name": "", "version": "", "attributes": {}}
    return {
        "name": instrumentation_scope.name or "",
        "version": instrumentation_scope.version or "",
        "attributes": _logs_attributes(instrumentation_scope.attributes),
    }


def _logs_lines(resource_logs):
    resource = resource_logs.resource
    resource_attributes = _logs_attributes(resource.attributes) if resource is not None else {}
    for scope_logs in resource_logs.scope_logs:
        scope = _logs_scope(scope_logs.scope)
        for log_record in scope_logs.log_records:
            try:
                yield json.dumps(_logs_record(log_record, scope, resource_attributes), separators=(",", ":"))
            except Exception:
                yield json.dumps({"error": traceback.format_exc()})


def process_logs(resource_logs):
    try:
        try:
            lines = list(_logs_lines(resource_logs))
        except Exception:
            lines = [json.dumps({"error": traceback.format_exc()})]
        path = os.environ.get("OTLP_RECEIVED_LOGS")
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
