"""Self-check of the OTLP receiver harness (run by run.sh --self-check and test.sh --receiver-only).

Sends one real OTLP/HTTP export request (OTLP/JSON encoding, POST /v1/traces) holding a server span and
its client child to the running receiver, then waits for both spans to appear in OTLP_RECEIVED_SPANS
and checks every documented field; then does the same for one log record (POST /v1/logs,
OTLP_RECEIVED_LOGS). Exits 0 on success, 1 with a message otherwise. Standard library only.
"""

import json
import os
import secrets
import sys
import time
import urllib.request


def fail(message):
    print(f"self-check: {message}", file=sys.stderr)
    sys.exit(1)


def post(url, request):
    body = json.dumps(request).encode()
    http = urllib.request.Request(url, data=body, method="POST", headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(http, timeout=10) as response:
        if response.status != 200:
            fail(f"receiver answered HTTP {response.status} to {url}")


def read_records(path):
    """The complete JSON lines of `path` so far; fails on a processor error line."""
    records = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if not line.endswith("\n"):
                break
            record = json.loads(line)
            if "error" in record:
                fail(f"processor error: {record['error']}")
            records.append(record)
    return records


def attr(key, **value):
    return {"key": key, "value": value}


def check_logs(endpoint, logs_file, trace_id, span_id):
    now = time.time_ns()
    service = f"otlp-receiver-self-check-{secrets.token_hex(4)}"
    post(f"{endpoint}/v1/logs", {
        "resourceLogs": [{
            "resource": {"attributes": [attr("service.name", stringValue=service)]},
            "scopeLogs": [{
                "scope": {"name": "self-check", "version": "1.0"},
                "logRecords": [{
                    "timeUnixNano": str(now), "observedTimeUnixNano": str(now + 1),
                    "severityNumber": 13, "severityText": "WARN",
                    "body": {"stringValue": "disk almost full"},
                    "traceId": trace_id, "spanId": span_id, "flags": 1,
                    "attributes": [attr("disk.free", intValue="42"), attr("mount", stringValue="/data")],
                }],
            }],
        }]
    })
    deadline = time.monotonic() + 10
    record = None
    while time.monotonic() < deadline and record is None:
        record = next((r for r in read_records(logs_file) if r.get("resource", {}).get("service.name") == service), None)
        time.sleep(0.05)
    if record is None:
        fail(f"expected a log record of service {service} in {logs_file}, found none")
    expected = {
        "body": "disk almost full", "severity_text": "WARN", "severity_number": 13,
        "trace_id": trace_id, "span_id": span_id, "flags": 1,
        "attributes": {"disk.free": 42, "mount": "/data"},
        "time_unix_nano": now, "observed_time_unix_nano": now + 1, "event_name": "",
        "scope": {"name": "self-check", "version": "1.0", "attributes": {}},
        "resource": {"service.name": service},
    }
    if record != expected:
        fail(f"expected log record {expected!r}, got {record!r}")
    print(f"self-check: OTLP/HTTP log record of service {service} recorded with the documented fields",
          file=sys.stderr)


def main():
    endpoint = os.environ["OTLP_RECEIVER_HTTP_ENDPOINT"]
    spans_file = os.environ["OTLP_RECEIVED_SPANS"]
    trace_id = secrets.token_hex(16)
    parent_id = secrets.token_hex(8)
    child_id = secrets.token_hex(8)
    now = time.time_ns()

    request = {
        "resourceSpans": [{
            "resource": {"attributes": [
                attr("service.name", stringValue="otlp-receiver-self-check"),
                attr("service.instance.count", intValue="3"),
            ]},
            "scopeSpans": [{
                "scope": {"name": "self-check", "version": "1.0"},
                "spans": [
                    {
                        "traceId": trace_id, "spanId": parent_id, "name": "GET /items/{id}", "kind": 2,
                        "startTimeUnixNano": str(now), "endTimeUnixNano": str(now + 2_000_000),
                        "attributes": [
                            attr("http.route", stringValue="/items/{id}"),
                            attr("http.response.status_code", intValue="500"),
                            attr("retry", boolValue=False),
                            attr("ratio", doubleValue=0.25),
                            attr("tags", arrayValue={"values": [{"stringValue": "a"}, {"intValue": "1"}]}),
                        ],
                        "events": [{"name": "exception", "timeUnixNano": str(now + 1_000_000),
                                    "attributes": [attr("exception.type", stringValue="IOError")]}],
                        "status": {"code": 2, "message": "boom"},
                    },
                    {
                        "traceId": trace_id, "spanId": child_id, "parentSpanId": parent_id,
                        "name": "SELECT items", "kind": 3,
                        "startTimeUnixNano": str(now + 500_000), "endTimeUnixNano": str(now + 1_500_000),
                        "attributes": [attr("db.system.name", stringValue="postgresql")],
                        "links": [{"traceId": trace_id, "spanId": parent_id}],
                    },
                ],
            }],
        }]
    }
    post(f"{endpoint}/v1/traces", request)

    found = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(found) < 2:
        for record in read_records(spans_file):
            if record.get("trace_id") == trace_id:
                found[record["span_id"]] = record
        time.sleep(0.05)
    if set(found) != {parent_id, child_id}:
        fail(f"expected 2 spans of trace {trace_id} in {spans_file}, found {len(found)}")

    parent, child = found[parent_id], found[child_id]
    expected = [
        (parent["parent_span_id"], ""),
        (parent["name"], "GET /items/{id}"),
        (parent["kind"], "SERVER"),
        (parent["kind_code"], 2),
        (parent["status_code"], "ERROR"),
        (parent["status_message"], "boom"),
        (parent["attributes"], {"http.route": "/items/{id}", "http.response.status_code": 500,
                                "retry": False, "ratio": 0.25, "tags": ["a", 1]}),
        (parent["start_time_unix_nano"], now),
        (parent["end_time_unix_nano"], now + 2_000_000),
        (parent["events"], [{"name": "exception", "time_unix_nano": now + 1_000_000,
                             "attributes": {"exception.type": "IOError"}}]),
        (parent["links"], []),
        (parent["scope"], {"name": "self-check", "version": "1.0", "attributes": {}}),
        (parent["resource"], {"service.name": "otlp-receiver-self-check", "service.instance.count": 3}),
        (child["parent_span_id"], parent_id),
        (child["kind"], "CLIENT"),
        (child["status_code"], "UNSET"),
        (child["attributes"], {"db.system.name": "postgresql"}),
        (child["links"], [{"trace_id": trace_id, "span_id": parent_id, "trace_state": "", "attributes": {}}]),
    ]
    for actual, wanted in expected:
        if actual != wanted:
            fail(f"expected {wanted!r}, got {actual!r}")
    print(f"self-check: OTLP/HTTP spans of trace {trace_id} recorded with the documented fields",
          file=sys.stderr)
    check_logs(endpoint, os.environ["OTLP_RECEIVED_LOGS"], trace_id, parent_id)


if __name__ == "__main__":
    main()
