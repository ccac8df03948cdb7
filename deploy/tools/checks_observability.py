"""Checks of the alert rules, dashboards, data sources and collector/Tempo configuration."""
import json
import os
import re
import shutil
import subprocess
import sys

import yaml

import render
import prometheus_server

ROOT = render.ROOT
ALERTS = ROOT / "grafana" / "alerts"
DASHBOARDS = ROOT / "grafana" / "dashboards"

# The Prometheus names the kit and the services expose (README, HELPERS brief), plus what Prometheus,
# the collector's connectors and Tempo's generator add. A dashboard or rule naming anything else is a typo.
KNOWN_METRICS = {
    "http_server_request_duration_seconds", "http_server_active_requests", "http_client_request_duration_seconds",
    "rpc_server_call_duration_seconds", "rpc_client_call_duration_seconds", "otel_sdk_span_dropped_total",
    "messaging_client_sent_messages_total", "messaging_client_consumed_messages_total",
    "messaging_process_duration_seconds", "messaging_kafka_consumer_lag", "messaging_kafka_dead_lettered_total",
    "messaging_kafka_retries_total", "messaging_kafka_broker_up", "db_client_operation_duration_seconds",
    "db_client_connection_count", "outbox_backlog", "outbox_publish_lag_seconds", "outbox_published_total",
    "inbox_duplicates_skipped_total", "kit_tasks_live", "kit_tasks_started_total", "kit_tasks_duration_seconds",
    "kit_tasks_leaks_suspected_total", "kit_flightrecorder_dumps_total", "kit_flightrecorder_dump_failures_total",
    "kit_flightrecorder_bytes", "kit_circuit_breaker_state", "kit_retries_total", "checkout_saga_steps_total",
    "checkout_saga_compensations_total", "checkout_saga_duration_seconds", "process_cpu_seconds_total",
    "process_resident_memory_bytes", "process_virtual_memory_bytes", "process_open_fds", "process_max_fds",
    "process_threads", "process_start_time_seconds", "up", "ALERTS", "traces_span_metrics_calls_total",
    "traces_span_metrics_duration_seconds", "traces_service_graph_request_total",
    "traces_service_graph_request_failed_total", "traces_service_graph_request_server_seconds",
    "traces_service_graph_request_client_seconds",
}
PROMQL_WORDS = {
    "sum", "by", "without", "rate", "irate", "increase", "delta", "deriv", "histogram_quantile", "max", "min", "avg",
    "count", "clamp_min", "offset", "and", "or", "unless", "on", "ignoring", "group_left", "group_right", "bool",
    "label_values", "abs", "topk", "bottomk", "absent", "le", "isNaN", "len", "result", "avg_over_time",
    "max_over_time", "min_over_time", "sum_over_time", "count_over_time", "quantile_over_time", "last_over_time",
    "absent_over_time", "stddev_over_time", "present_over_time", "changes", "resets", "predict_linear", "time",
    "vector", "scalar", "label_replace", "label_join", "sort", "sort_desc", "ceil", "floor", "round", "exp", "ln",
    "sgn", "timestamp", "quantile", "stddev", "stdvar", "count_values", "group", "clamp", "clamp_max", "inf", "nan",
}
SUBSTITUTIONS = {
    "$__rate_interval": "1m", "$__interval": "1m", "$__range": "1h",
    "{{args.service-name}}": "checkout", "{{args.canary-hash}}": "6f9c7d8b5",
}


def _tool(variable, name):
    path = os.environ.get(variable) or shutil.which(name)
    if not path:
        raise RuntimeError(f"{variable} is not set and {name} is not on PATH (Debian package prometheus)")
    return path


def _rule_files():
    return sorted(ALERTS.glob("*.rules.yml"))


def _test_file(rules):
    return ALERTS / "tests" / rules.name.replace(".rules.yml", ".rules.test.yml")


def yaml_files_parse():
    problems, count = [], 0
    for folder in ("otel", "grafana", "deploy"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.suffix in (".yaml", ".yml"):
                count += 1
                try:
                    list(yaml.safe_load_all(path.read_text()))
                except yaml.YAMLError as error:
                    problems.append(f"{path.relative_to(ROOT)}: {error}")
    return problems if count else ["no YAML file found"]


def rule_files_pass_promtool_check():
    promtool = _tool("PROMTOOL", "promtool")
    files = _rule_files()
    run = subprocess.run([promtool, "check", "rules", *map(str, files)], capture_output=True, text=True)
    return [] if run.returncode == 0 and files else [run.stdout + run.stderr or "no rule files"]


def rule_tests_pass_promtool_test():
    promtool = _tool("PROMTOOL", "promtool")
    problems = []
    for rules in _rule_files():
        tests = _test_file(rules)
        if not tests.is_file():
            problems.append(f"{rules.name} has no unit tests at {tests.relative_to(ROOT)}")
            continue
        run = subprocess.run([promtool, "test", "rules", str(tests)], capture_output=True, text=True, cwd=ROOT)
        if run.returncode != 0:
            problems.append(f"{tests.relative_to(ROOT)}:\n{run.stdout}{run.stderr}")
    return problems


def every_alert_has_firing_and_silent_test():
    problems = []
    for rules in _rule_files():
        alerts = [r["alert"] for g in yaml.safe_load(rules.read_text())["groups"] for r in g["rules"] if "alert" in r]
        tests = _test_file(rules)
        cases = yaml.safe_load(tests.read_text()).get("tests", []) if tests.is_file() else []
        evaluated = [c for t in cases for c in t.get("alert_rule_test", [])]
        for alert in alerts:
            mine = [c for c in evaluated if c["alertname"] == alert]
            if not any(c.get("exp_alerts") for c in mine):
                problems.append(f"{rules.name}: {alert} has no test case that fires it")
            if not any(not c.get("exp_alerts") for c in mine):
                problems.append(f"{rules.name}: {alert} has no test case that keeps it silent")
    return problems


def prometheus_rules_current():
    run = subprocess.run([sys.executable, str(ROOT / "deploy/monitoring/generate_rules.py"), "--check"],
                         capture_output=True, text=True)
    problems = [run.stdout + run.stderr] if run.returncode else []
    for rules in _rule_files():
        groups = yaml.safe_load(rules.read_text())["groups"]
        name = rules.name.removesuffix(".rules.yml").replace(".", "-").replace("_", "-") + "-rules"
        generated = ROOT / "deploy/monitoring/rules" / f"{name}.yaml"
        if generated.is_file() and yaml.safe_load(generated.read_text())["spec"]["groups"] != groups:
            problems.append(f"{generated.relative_to(ROOT)}: groups differ from {rules.name}")
    return problems


def prometheus_config_valid():
    promtool = _tool("PROMTOOL", "promtool")
    run = subprocess.run([promtool, "check", "config", "deploy/monitoring/prometheus.yml"], capture_output=True,
                         text=True, cwd=ROOT)
    return [] if run.returncode == 0 else [run.stdout + run.stderr]


def _dashboards():
    return {path.name: json.loads(path.read_text()) for path in sorted(DASHBOARDS.glob("*.json"))}


def dashboards_current():
    run = subprocess.run([sys.executable, str(ROOT / "grafana/generate_dashboards.py"), "--check"],
                         capture_output=True, text=True)
    return [run.stdout + run.stderr] if run.returncode else []


def dashboards_well_formed():
    problems = []
    sources = yaml.safe_load((ROOT / "grafana/provisioning/datasources/datasources.yaml").read_text())
    uids = {d["uid"] for d in sources["datasources"]}
    boards = _dashboards()
    wanted = {"platform-overview.json", "service.json", "checkout-saga.json", "runtime-diagnostics.json"}
    problems += [f"missing dashboard {name}" for name in sorted(wanted - set(boards))]
    seen_uids = set()
    for name, board in boards.items():
        if board.get("uid") in seen_uids or not board.get("title"):
            problems.append(f"{name}: missing or duplicate uid/title")
        seen_uids.add(board.get("uid"))
        ids = [p["id"] for p in board["panels"]]
        if len(ids) != len(set(ids)):
            problems.append(f"{name}: duplicate panel ids")
        for panel in board["panels"]:
            grid = panel["gridPos"]
            if grid["x"] + grid["w"] > 24:
                problems.append(f"{name}: panel {panel['title']} is wider than the grid")
            if panel["type"] != "row" and not panel.get("targets"):
                problems.append(f"{name}: panel {panel['title']} has no query")
            for target in panel.get("targets", []):
                if target["datasource"]["uid"] not in uids:
                    problems.append(f"{name}: {panel['title']} uses an unprovisioned data source")
    return problems


def _expressions():
    """(where, PromQL) for every dashboard panel, variable, alert, canary analysis and data-source link."""
    found = []
    for name, board in _dashboards().items():
        for panel in board["panels"]:
            for target in panel.get("targets", []):
                found.append((f"{name} / {panel['title']}", target["expr"]))
        for variable in board["templating"]["list"]:
            match = re.fullmatch(r"label_values\((.+),\s*\w+\)", variable["query"]["query"])
            found.append((f"{name} / ${variable['name']}", match.group(1) if match else variable["query"]["query"]))
    for rules in _rule_files():
        for group in yaml.safe_load(rules.read_text())["groups"]:
            for rule in group["rules"]:
                found.append((f"{rules.name} / {rule.get('alert') or rule.get('record')}", rule["expr"]))
    for target, doc in render.documents("AnalysisTemplate"):
        for metric in doc["spec"]["metrics"]:
            found.append((f"{target} / {metric['name']}", metric["provider"]["prometheus"]["query"]))
    sources = yaml.safe_load((ROOT / "grafana/provisioning/datasources/datasources.yaml").read_text())
    for source in sources["datasources"]:
        for query in source.get("jsonData", {}).get("tracesToMetrics", {}).get("queries", []):
            found.append((f"datasources / {query['name']}", query["query"].replace("$$", "$")))
    return found


def _substitute(expr, service="catalog"):
    """`expr` as Grafana or Argo Rollouts would send it, with `$service` (and trace-to-metrics tags) set to `service`."""
    for key, value in SUBSTITUTIONS.items():
        expr = expr.replace(key, value)
    return expr.replace("$service", service).replace("$__tags", f'service_name=~"{service}"')


def _alert_expression(name):
    """The expression of alert rule `name` in the platform's rule files."""
    for rules in _rule_files():
        for group in yaml.safe_load(rules.read_text())["groups"]:
            for rule in group["rules"]:
                if rule.get("alert") == name:
                    return rule["expr"]
    raise KeyError(f"no alert rule {name}")


def queries_use_known_metrics():
    problems = []
    recorded = {rule["record"] for rules in _rule_files() for group in yaml.safe_load(rules.read_text())["groups"]
                for rule in group["rules"] if "record" in rule}
    for where, expr in _expressions():
        stripped = re.sub(r'"[^"]*"|\{[^}]*\}|\[[^\]]*\]|\boffset\s+\w+', " ", _substitute(expr))
        for word in re.findall(r"[A-Za-z_:][A-Za-z0-9_:]*", stripped):
            base = re.sub(r"_(bucket|count|sum)$", "", word)
            if word.lower() in PROMQL_WORDS or word in PROMQL_WORDS or base in KNOWN_METRICS or word in KNOWN_METRICS \
                    or word in recorded:
                continue
            if re.search(rf"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\b{word}\b", stripped):
                continue
            problems.append(f"{where}: unknown metric or word {word!r}")
    return problems


def queries_run_on_prometheus():
    expressions = _expressions()
    problems = []
    with prometheus_server.PrometheusServer(_tool("PROMETHEUS_BIN", "prometheus")) as server:
        for where, expr in expressions:
            error = server.query_error(_substitute(expr))
            if error:
                problems.append(f"{where}: {error}\n    {expr}")
    return problems if expressions else ["no expression found"]
