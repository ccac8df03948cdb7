#!/usr/bin/env python3
"""Writes the dashboards in grafana/dashboards/*.json (provisioned by grafana/provisioning/dashboards).

    python3 grafana/generate_dashboards.py          # rewrite the JSON files
    python3 grafana/generate_dashboards.py --check  # exit 1 when a committed file differs from its source

The JSON is generated so every panel follows one layout and one set of metric names (the kit's Prometheus
names, see README and Sources/TelemetryPrometheus/MetricHelp.swift); edit this file, not the JSON.
Every `expr` here is run against a real Prometheus by the OperationsTests (Grafana variables substituted).
"""
import json
import pathlib
import sys

OUT = pathlib.Path(__file__).resolve().parent / "dashboards"
PROM = {"type": "prometheus", "uid": "prometheus"}
RATE = "$__rate_interval"
SEL = 'service_name=~"$service"'


class Board:
    """Lays panels out left to right, 24 columns wide, rows of height 8."""

    def __init__(self, uid, title, description, tags, variables=()):
        self.uid, self.title, self.description, self.tags = uid, title, description, tags
        self.variables, self.panels, self.x, self.y, self.next_id = list(variables), [], 0, 0, 1

    def row(self, title):
        if self.x:
            self.x, self.y = 0, self.y + 8
        self.panels.append({"id": self._id(), "type": "row", "title": title, "collapsed": False,
                            "gridPos": {"h": 1, "w": 24, "x": 0, "y": self.y}, "panels": []})
        self.y += 1

    def panel(self, title, targets, unit="short", kind="timeseries", width=8, description="", exemplar=False,
              stack=False, thresholds=None):
        if self.x + width > 24:
            self.x, self.y = 0, self.y + 8
        panel = {
            "id": self._id(), "type": kind, "title": title, "description": description, "datasource": PROM,
            "gridPos": {"h": 8, "w": width, "x": self.x, "y": self.y},
            "fieldConfig": {"defaults": {"unit": unit}, "overrides": []},
            "options": {"legend": {"displayMode": "list", "placement": "bottom"}, "tooltip": {"mode": "multi"}},
            "targets": [
                {"refId": chr(ord("A") + index), "datasource": PROM, "expr": expr, "legendFormat": legend,
                 "exemplar": exemplar, "range": kind == "timeseries", "instant": kind != "timeseries"}
                for index, (expr, legend) in enumerate(targets)
            ],
        }
        if stack:
            panel["fieldConfig"]["defaults"]["custom"] = {"stacking": {"mode": "normal"}, "fillOpacity": 30}
        if thresholds:
            panel["fieldConfig"]["defaults"]["thresholds"] = {
                "mode": "absolute",
                "steps": [{"color": "green", "value": None}] + [{"color": c, "value": v} for v, c in thresholds]}
        self.panels.append(panel)
        self.x += width

    def _id(self):
        self.next_id += 1
        return self.next_id - 1

    def json(self):
        return {
            "uid": self.uid, "title": self.title, "description": self.description, "tags": self.tags,
            "editable": False, "schemaVersion": 39, "version": 1, "timezone": "utc", "refresh": "30s",
            "time": {"from": "now-1h", "to": "now"}, "graphTooltip": 1,
            "templating": {"list": self.variables}, "annotations": {"list": []}, "links": [],
            "panels": self.panels,
        }


def service_variable(multi):
    return {
        "name": "service", "label": "Service", "type": "query", "datasource": PROM,
        "query": {"query": "label_values(up, service_name)", "refId": "service"},
        "definition": "label_values(up, service_name)", "refresh": 2, "sort": 1,
        "multi": multi, "includeAll": multi, "allValue": ".+" if multi else None,
        "current": {"text": "All", "value": "$__all"} if multi else {},
    }


def p(q, metric, by, selector=SEL):
    """histogram_quantile(q) of a kit histogram, grouped by `by` (plus le)."""
    group = ", ".join(by + ["le"])
    return f"histogram_quantile({q}, sum by ({group}) (rate({metric}_bucket{{{selector}}}[{RATE}])))"


def error_ratio(metric, errors):
    """Per service, the share of `metric`'s calls matching `errors`: 0 (not "no data") while there are none."""
    calls = f"sum by (service_name) (rate({metric}_count{{{SEL}}}[{RATE}]))"
    failed = f"sum by (service_name) (rate({metric}_count{{{SEL}, {errors}}}[{RATE}]))"
    return f"({failed} or {calls} * 0) / {calls}"


def platform_overview():
    b = Board("platform-overview", "Platform overview", "RED of every service: rate, errors, duration.",
              ["commerce", "red"], [service_variable(multi=True)])
    http = "http_server_request_duration_seconds"
    rpc = "rpc_server_call_duration_seconds"
    b.row("HTTP")
    b.panel("Requests per second", [(f"sum by (service_name) (rate({http}_count{{{SEL}}}[{RATE}]))",
                                     "{{service_name}}")], "reqps")
    b.panel("5xx ratio", [(error_ratio(http, 'http_response_status_code=~"5.."'), "{{service_name}}")],
            "percentunit", thresholds=[(0.01, "red")], description="Alert ServiceHighErrorRate fires above 1%.")
    b.panel("p99 duration", [(p(0.99, http, ["service_name"]), "{{service_name}}")], "s", exemplar=True,
            thresholds=[(0.5, "red")], description="Alert ServiceHighLatencyP99 fires above 500 ms.")
    b.row("gRPC")
    b.panel("Calls per second", [(f"sum by (service_name) (rate({rpc}_count{{{SEL}}}[{RATE}]))",
                                  "{{service_name}}")], "reqps")
    b.panel("Server-error ratio", [(error_ratio(
        rpc, 'rpc_response_status_code=~"UNKNOWN|DEADLINE_EXCEEDED|UNIMPLEMENTED|INTERNAL|UNAVAILABLE|DATA_LOSS"'),
        "{{service_name}}")], "percentunit")
    b.panel("p99 duration", [(p(0.99, rpc, ["service_name"]), "{{service_name}}")], "s", exemplar=True)
    b.row("Health")
    b.panel("Targets up", [(f"sum by (service_name) (up{{{SEL}}})", "{{service_name}}")], kind="stat")
    b.panel("Firing alerts", [('sum by (alertname, service_name) (ALERTS{alertstate="firing"})',
                               "{{alertname}} {{service_name}}")], kind="table")
    b.panel("Spans dropped per second", [(f"sum by (service_name) (rate(otel_sdk_span_dropped_total{{{SEL}}}[{RATE}]))",
                                          "{{service_name}}")], "short")
    b.row("From traces (collector spanmetrics / servicegraph, unsampled)")
    b.panel("Span calls per second", [(
        f'sum by (service_name) (rate(traces_span_metrics_calls_total{{{SEL}, telemetry_source="collector"}}[{RATE}]))',
        "{{service_name}}")], "reqps", width=12)
    b.panel("Service graph edges (requests/s)", [(
        f'sum by (client, server) (rate(traces_service_graph_request_total{{telemetry_source="collector"}}[{RATE}]))',
        "{{client}} -> {{server}}")], "reqps", width=12)
    return b


def service():
    b = Board("service", "Service", "One service in depth: pick it with the `service` variable.",
              ["commerce", "service"], [service_variable(multi=False)])
    http, rpc = "http_server_request_duration_seconds", "rpc_server_call_duration_seconds"
    b.row("HTTP server")
    b.panel("Requests per second by route and status", [(
        f"sum by (http_route, http_response_status_code) (rate({http}_count{{{SEL}}}[{RATE}]))",
        "{{http_route}} {{http_response_status_code}}")], "reqps", stack=True)
    b.panel("p50 / p99 by route", [(p(0.5, http, ["http_route"]), "p50 {{http_route}}"),
                                   (p(0.99, http, ["http_route"]), "p99 {{http_route}}")], "s", exemplar=True)
    b.panel("Active requests", [(f"sum (http_server_active_requests{{{SEL}}})", "active")])
    b.row("gRPC")
    b.panel("Server calls per second by method and status", [(
        f"sum by (rpc_method, rpc_response_status_code) (rate({rpc}_count{{{SEL}}}[{RATE}]))",
        "{{rpc_method}} {{rpc_response_status_code}}")], "reqps")
    b.panel("Server p99 by method", [(p(0.99, rpc, ["rpc_method"]), "{{rpc_method}}")], "s", exemplar=True)
    b.panel("Client p99 by method (outgoing)", [
        (p(0.99, "rpc_client_call_duration_seconds", ["rpc_method"]), "gRPC {{rpc_method}}"),
        (p(0.99, "http_client_request_duration_seconds", ["server_address"]), "HTTP {{server_address}}")],
        "s", exemplar=True)
    b.row("Kafka")
    b.panel("Produced / consumed per second", [
        (f"sum by (messaging_destination_name) (rate(messaging_client_sent_messages_total{{{SEL}}}[{RATE}]))",
         "sent {{messaging_destination_name}}"),
        (f"sum by (messaging_destination_name) (rate(messaging_client_consumed_messages_total{{{SEL}}}[{RATE}]))",
         "consumed {{messaging_destination_name}}")], "short")
    b.panel("Processing p99", [(p(0.99, "messaging_process_duration_seconds", ["messaging_destination_name"]),
                                "{{messaging_destination_name}}")], "s", exemplar=True)
    b.panel("Consumer lag", [(
        f"sum by (messaging_consumer_group_name, messaging_destination_name) (messaging_kafka_consumer_lag{{{SEL}}})",
        "{{messaging_consumer_group_name}} {{messaging_destination_name}}")], "short",
        description="Alert KafkaConsumerLagGrowing: above 100 and growing for 15 minutes.")
    b.panel("Dead-lettered and retried per second", [
        (f"sum (rate(messaging_kafka_dead_lettered_total{{{SEL}}}[{RATE}]))", "dead-lettered"),
        (f"sum (rate(messaging_kafka_retries_total{{{SEL}}}[{RATE}]))", "retries")], "short")
    b.panel("Brokers up", [(f"min (messaging_kafka_broker_up{{{SEL}}})", "broker up")], kind="stat")
    b.row("Outbox and inbox")
    b.panel("Outbox backlog", [(f"sum (outbox_backlog{{{SEL}}})", "unpublished rows")], "short",
            description="Alert OutboxBacklogGrowing: above 100 and growing for 15 minutes.")
    b.panel("Outbox publish lag p99", [(p(0.99, "outbox_publish_lag_seconds", []), "p99")], "s")
    b.panel("Published / duplicates skipped per second", [
        (f"sum (rate(outbox_published_total{{{SEL}}}[{RATE}]))", "published"),
        (f"sum (rate(inbox_duplicates_skipped_total{{{SEL}}}[{RATE}]))", "inbox duplicates skipped")], "short")
    b.row("Database")
    b.panel("Operation p99", [(p(0.99, "db_client_operation_duration_seconds", ["db_operation_name"]),
                               "{{db_operation_name}}")], "s", exemplar=True)
    b.panel("Connections by state", [(
        f"sum by (db_client_connection_state) (db_client_connection_count{{{SEL}}})",
        "{{db_client_connection_state}}")], "short", stack=True)
    b.row("Resilience")
    b.panel("Circuit breaker state (0 closed, 1 half-open, 2 open)", [(
        f"max by (dependency) (kit_circuit_breaker_state{{{SEL}}})", "{{dependency}}")], "short",
        thresholds=[(1, "orange"), (2, "red")])
    b.panel("Retries per second", [(f"sum by (dependency) (rate(kit_retries_total{{{SEL}}}[{RATE}]))",
                                    "{{dependency}}")], "short")
    b.row("Tracked tasks")
    b.panel("Live tasks by name", [(f"sum by (task_name) (kit_tasks_live{{{SEL}}})", "{{task_name}}")],
            "short", stack=True)
    b.panel("Tasks started per second", [(f"sum by (task_name) (rate(kit_tasks_started_total{{{SEL}}}[{RATE}]))",
                                          "{{task_name}}")], "short")
    b.panel("Suspected leaks", [(f"sum (increase(kit_tasks_leaks_suspected_total{{{SEL}}}[$__range]))",
                                 "suspected")], kind="stat", thresholds=[(1, "red")])
    b.row("Process")
    b.panel("Resident memory", [(f"sum by (instance) (process_resident_memory_bytes{{{SEL}}})", "{{instance}}")],
            "bytes")
    b.panel("CPU (cores)", [(f"sum by (instance) (rate(process_cpu_seconds_total{{{SEL}}}[{RATE}]))",
                             "{{instance}}")], "short")
    b.panel("Threads and open file descriptors", [
        (f"sum by (instance) (process_threads{{{SEL}}})", "threads {{instance}}"),
        (f"sum by (instance) (process_open_fds{{{SEL}}})", "fds {{instance}}")], "short")
    return b


def checkout_saga():
    b = Board("checkout-saga", "Checkout saga", "checkout.order.created -> inventory.reserved -> payment.completed"
              " -> order.confirmed, and its compensations.", ["commerce", "saga"])
    accepted = ('http_server_request_duration_seconds_count{service_name="checkout", http_request_method="POST", '
                'http_route="/checkout", http_response_status_code="202"}')
    b.row("Funnel")
    b.panel("Saga steps in the time range", [(
        "sum by (step) (increase(checkout_saga_steps_total[$__range]))", "{{step}}")], kind="bargauge", width=12)
    b.panel("Steps per second", [(f"sum by (step) (rate(checkout_saga_steps_total[{RATE}]))", "{{step}}")],
            "short", width=12)
    b.row("Compensations")
    b.panel("Compensations per second", [(f"sum (rate(checkout_saga_compensations_total[{RATE}]))", "compensations")])
    b.panel("Compensated share of accepted checkouts", [(
        f"sum (rate(checkout_saga_compensations_total[{RATE}])) / sum (rate({accepted}[{RATE}]))", "share")],
        "percentunit", thresholds=[(0.05, "red")],
        description="Alert CheckoutSagaCompensationRateHigh fires above 5%.")
    b.panel("Checkout answers by status", [(
        f'sum by (http_response_status_code) (rate(http_server_request_duration_seconds_count{{service_name="checkout", http_route="/checkout"}}[{RATE}]))',
        "{{http_response_status_code}}")], "reqps", stack=True)
    b.row("Checkout to confirmed")
    b.panel("Latency p50 / p95 / p99", [
        (p(q, "checkout_saga_duration_seconds", [], selector=""), f"p{round(q * 100)}") for q in (0.5, 0.95, 0.99)],
        "s", exemplar=True, width=16)
    b.panel("Confirmed per second", [(f"sum (rate(checkout_saga_duration_seconds_count[{RATE}]))", "confirmed")],
            "short")
    return b


def runtime_diagnostics():
    b = Board("runtime-diagnostics", "Runtime diagnostics",
              "Tracked tasks against their level an hour ago, leak suspicions and flight-recorder dumps.",
              ["commerce", "diagnostics"], [service_variable(multi=True)])
    b.row("Tracked tasks")
    b.panel("Live tasks now and 1h ago", [
        (f"sum by (service_name) (kit_tasks_live{{{SEL}}})", "now {{service_name}}"),
        (f"sum by (service_name) (kit_tasks_live{{{SEL}}} offset 1h)", "1h ago {{service_name}}")], width=12)
    b.panel("Live tasks vs 1h ago (ratio) by task", [(
        f"sum by (service_name, task_name) (kit_tasks_live{{{SEL}}})"
        f" / clamp_min(sum by (service_name, task_name) (kit_tasks_live{{{SEL}}} offset 1h), 1)",
        "{{service_name}} {{task_name}}")], "short", width=12, thresholds=[(2, "orange"), (10, "red")])
    b.panel("Suspected leaks", [(
        f"sum by (service_name) (increase(kit_tasks_leaks_suspected_total{{{SEL}}}[$__range]))",
        "{{service_name}}")], kind="bargauge", thresholds=[(1, "red")])
    b.panel("Task duration p99 by name", [(p(0.99, "kit_tasks_duration_seconds", ["task_name"]), "{{task_name}}")],
            "s")
    b.panel("Tasks started per second", [(
        f"sum by (service_name) (rate(kit_tasks_started_total{{{SEL}}}[{RATE}]))", "{{service_name}}")])
    b.row("Flight recorder")
    b.panel("Dumps by trigger", [(
        f"sum by (service_name, trigger) (increase(kit_flightrecorder_dumps_total{{{SEL}}}[$__range]))",
        "{{service_name}} {{trigger}}")], kind="table",
        description="Fetch a dump: kubectl port-forward deploy/<service> 6060, then the admin port (deploy/RUNBOOK.md).")
    b.panel("Dump failures", [(
        f"sum by (service_name) (increase(kit_flightrecorder_dump_failures_total{{{SEL}}}[$__range]))",
        "{{service_name}}")], kind="stat", thresholds=[(1, "red")])
    b.panel("Recorder buffer", [(f"sum by (service_name) (kit_flightrecorder_bytes{{{SEL}}})", "{{service_name}}")],
            "bytes")
    b.row("Process")
    b.panel("Resident memory", [(f"sum by (service_name) (process_resident_memory_bytes{{{SEL}}})",
                                 "{{service_name}}")], "bytes", width=12)
    b.panel("CPU (cores)", [(f"sum by (service_name) (rate(process_cpu_seconds_total{{{SEL}}}[{RATE}]))",
                             "{{service_name}}")], width=12)
    return b


BOARDS = [platform_overview, service, checkout_saga, runtime_diagnostics]


def render(board):
    return json.dumps(board.json(), indent=2, sort_keys=True) + "\n"


def main(argv):
    check = "--check" in argv
    stale = []
    for make in BOARDS:
        board = make()
        path = OUT / f"{board.uid}.json"
        text = render(board)
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path))
        else:
            path.write_text(text)
    if stale:
        print("stale dashboards (run python3 grafana/generate_dashboards.py):", *stale, sep="\n  ")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
