"""Self-check of the OTLP receiver harness (run by run.sh --self-check and test.sh --receiver-only).

Sends one real OTLP/HTTP export request (OTLP/JSON encoding, POST /v1/traces) holding a server span and
its client child to the running receiver, then waits for both spans to appear in OTLP_RECEIVED_SPANS
and checks every documented field. Exits 0 on success, 1 with a message otherwise. Standard library only.
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


def main():
    endpoint = os.environ["OTLP_RECEIVER_HTTP_ENDPOINT"]
    spans_file = os.environ["OTLP_RECEIVED_SPANS"]
    trace_id = secrets.token_hex(16)
    parent_id = secrets.token_hex(8)
    child_id = secrets.token_hex(8)
    now = time.time_ns()

    def attr(key, **value):
        return {"key": key, "value": value}

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
    body = json.dumps(request).encode()
    http = urllib.request.Request(f"{endpoint}/v1/traces", data=body, method="POST",
                                  headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(http, timeout=10) as response:
        if response.status != 200:
            fail(f"receiver answered HTTP {response.status}")

    found = {}
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and len(found) < 2:
        with open(spans_file, encoding="utf-8") as f:
            for line in f:
                if not line.endswith("\n"):
                    break
                record = json.loads(line)
                if "error" in record:
                    fail(f"processor error: {record['error']}")
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


if __name__ == "__main__":
    main()
