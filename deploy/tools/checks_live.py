"""Dashboard queries against a real Prometheus scraping the real checkout slice under a short load.

`serve_platform.sh` starts the embedded Kafka broker and the six services (catalog, pricing, inventory,
payment, order, checkout) from the debug build; Prometheus scrapes each one's metrics port every second.
The load walks every path the dashboards show: catalog reads, a price change, checkouts through `loadgen`
(confirmed, declined and out-of-stock sagas), invalid requests, a malformed event on a saga topic (dead
letter), and finally Pricing stopped under checkout traffic (retries, an open circuit breaker, 503s, a
target down). Then every dashboard expression is evaluated once per service it applies to and must return
data. The expressions a short run on one machine cannot feed are listed with their reason, never skipped
silently.
"""
import json
import os
import pathlib
import re
import signal
import socket
import subprocess
import tempfile
import threading
import time
import urllib.error
import urllib.request

import checks_observability
import prometheus_server
import render

ROOT = render.ROOT
SERVICES = ["catalog", "pricing", "inventory", "payment", "order", "checkout"]
NOT_FEEDABLE = [
    (re.compile(r"\boffset\b"), "compares with an hour ago: a short run has no past"),
    (re.compile(r"\btraces_(span_metrics|service_graph)_"),
     "made from spans by the collector's spanmetrics/servicegraph connectors (no collector is installable here)"),
    (re.compile(r"\bALERTS\b"), "needs an alert firing for its `for:` (>= 1 m); `promtool test rules` fires each rule"),
    (re.compile(r"\bhttp_client_request_duration_seconds"), "no service of the slice calls another over HTTP"),
]


def _binaries():
    directory = pathlib.Path(os.environ.get("SERVICE_BINARY_DIR") or ROOT / ".build" / "debug")
    needed = SERVICES + ["kafka-mock-broker", "loadgen"]
    return directory, [name for name in needed if not (directory / name).is_file()]


def _request(method, url, body=None, timeout=10):
    data = json.dumps(body).encode() if isinstance(body, (dict, list)) else body
    request = urllib.request.Request(url, data=data, method=method, headers={"content-type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as answer:
            return answer.status, answer.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _wait_until(predicate, seconds, what):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return
        except (OSError, urllib.error.URLError):
            pass
        time.sleep(0.5)
    raise RuntimeError(f"timed out after {seconds} s waiting for {what}")


class _Slice:
    """The running platform: ports per service, the broker address and each service's pid."""

    def __init__(self, binaries, folder):
        ports = iter(prometheus_server.free_ports(4 * len(SERVICES)))
        self.ports = {name: {kind: next(ports) for kind in ("http", "grpc", "metrics", "admin")} for name in SERVICES}
        environment = {k: v for k, v in os.environ.items() if not k.startswith(("OTEL_", "KAFKA_"))}
        environment.update({"OTEL_TRACES_EXPORTER": "none", "LOG_LEVEL": "warning", "CHECKOUT_REQUEST_TIMEOUT_MS": "10000",
                            "CHECKOUT_ATTEMPT_TIMEOUT_MS": "5000"})
        for name, ports in self.ports.items():
            for kind, port in ports.items():
                environment[f"{name.upper()}_{kind.upper()}_PORT"] = str(port)
        self.log = open(folder / "serve_platform.log", "w")
        self.process = subprocess.Popen(
            ["bash", str(ROOT / "deploy/tools/serve_platform.sh"), str(binaries), str(folder / "run")], env=environment,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.log, text=True)
        self.pids, self.broker = {}, None
        lines = []
        reader = threading.Thread(target=lambda: lines.extend(iter(self.process.stdout.readline, "")), daemon=True)
        reader.start()
        deadline = time.monotonic() + 240
        while "ready\n" not in lines:
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"the slice did not start: {(folder / 'serve_platform.log').read_text()[-3000:]}")
            time.sleep(0.2)
        for line in lines:
            if line.startswith("broker="):
                self.broker = line.strip().split("=", 1)[1]
            elif line.startswith("pid "):
                _, name, pid = line.split()
                self.pids[name] = int(pid)

    def url(self, name, kind="http"):
        return f"http://127.0.0.1:{self.ports[name][kind]}"

    def stop(self):
        self.process.stdin.close()
        try:
            self.process.wait(timeout=90)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


def _drive(platform, binaries, seconds, before_outage):
    """Traffic for every dashboard row, while Prometheus scrapes; `before_outage` runs before Pricing stops.
    Returns what went wrong with Checkout's answers during the outage."""
    checkout = platform.url("checkout") + "/checkout"
    loadgen = subprocess.Popen(
        [str(binaries / "loadgen"), "--rate", "10", "--duration", str(seconds), "--checkout-url", platform.url("checkout"),
         "--kafka-brokers", platform.broker, "--decline-share", "0.3", "--saga-timeout", "20",
         "--products", ",".join(f"sku-{n}" for n in range(1001, 1021))],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        for path in ("/products", "/products/sku-1001", "/products/no-such-product"):
            _request("GET", platform.url("catalog") + path)
        _request("POST", checkout, {"customerID": "c-1", "items": [{"productID": "sku-1001", "quantity": 0}]})
        time.sleep(0.2)
    output = loadgen.communicate(timeout=seconds + 60)[0]
    if loadgen.returncode != 0:
        raise RuntimeError(f"loadgen failed:\n{output[-2000:]}")
    # After the last checkout: a price change (Checkout drops sku-1003's cached price), then a malformed event.
    _request("PUT", platform.url("pricing") + "/prices/sku-1003", {"unitPriceMinor": 1250})
    subprocess.run(["kcat", "-P", "-b", platform.broker, "-t", "checkout.order.created", "-k", "poison"],
                   input="not an event", text=True, check=True, timeout=30)
    time.sleep(3)  # both consumed, and scraped
    before_outage()
    os.kill(platform.pids["pricing"], signal.SIGTERM)
    _wait_until(lambda: not _listening(platform.ports["pricing"]["grpc"]), 60, "Pricing to stop")
    # sku-1002's price is cached: Checkout answers 202 from its cache. sku-1003's cached price was dropped by the
    # price change, so with Pricing gone Checkout answers 503.
    answers = {"sku-1002": set(), "sku-1003": set()}
    for index in range(30):
        product = "sku-1002" if index % 2 else "sku-1003"
        answers[product].add(_request("POST", checkout, {"customerID": "c-2", "items": [{"productID": product, "quantity": 1}]})[0])
        time.sleep(0.2)
    expected = {"sku-1002": {202}, "sku-1003": {503}}
    return [f"with Pricing down, checkouts of {product} answered {sorted(answers[product])}, not {sorted(codes)}"
            for product, codes in expected.items() if answers[product] != codes]


def _listening(port):
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) == 0


def _add_families(platform, families):
    """Adds the metric families each running service exposes now (a stopped one keeps what it had)."""
    for name in SERVICES:
        try:
            exposition = _request("GET", platform.url(name, "metrics") + "/metrics")[1].decode()
        except OSError:
            continue
        families.setdefault(name, {"up"}).update(re.findall(r"^# TYPE (\S+) ", exposition, re.MULTILINE))


def _missing(expr, families):
    """The kit metrics `expr` names that a service does not expose."""
    stripped = re.sub(r'"[^"]*"|\{[^}]*\}|\[[^\]]*\]', " ", expr)
    missing = set()
    for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", stripped):
        base = re.sub(r"_(bucket|count|sum)$", "", word)
        known = word in checks_observability.KNOWN_METRICS or base in checks_observability.KNOWN_METRICS
        if known and word not in families and base not in families:
            missing.add(word if word in checks_observability.KNOWN_METRICS else base)
    return missing


def _evaluate(server, families, moments):
    """(problems, fed, not_fed): each panel's expression, per service it applies to, must return data at one of
    `moments` (as a dashboard's time range would show it: gauges of a stopped service are gone afterwards)."""
    problems, fed, not_fed = [], 0, []
    for where, expr in checks_observability._expressions():
        fed_before = fed
        if ".rules.yml /" in where or "/overlays/" in where:
            continue  # alerts and canary checks compare against thresholds: empty is their normal
        reason = next((why for pattern, why in NOT_FEEDABLE if pattern.search(expr)), None)
        if reason:
            not_fed.append(f"{where}: {reason}")
            continue
        services = SERVICES if "$service" in expr or "$__tags" in expr else [None]
        missing = set()
        for service in services:
            query = checks_observability._substitute(expr, service=service or "|".join(SERVICES))
            absent = _missing(query, set.union(*families.values()) if service is None else families[service])
            if absent:
                missing |= absent
                continue
            fed += 1
            if not any(server.query(query, at=moment) for moment in moments):
                problems.append(f"{where} ({service or 'all services'}): no data\n    {query}")
        if len(missing) and fed == fed_before:
            problems.append(f"{where}: no service of the slice exposes {', '.join(sorted(missing))}\n    {expr}")
    return problems, fed, not_fed


def _alerts_see_the_outage(server):
    """The alert expressions for a stopped dependency select it (their `for:` is left to promtool's tests)."""
    problems = []
    for alert, selector in (("ScrapeTargetDown", 'service_name="pricing"'), ("CircuitBreakerOpen", 'dependency="pricing"'),
                            ("ServiceHighErrorRate", 'service_name="checkout"')):
        expr = checks_observability._alert_expression(alert)
        if not any(selector.replace('"', "") in ",".join(f"{k}={v}" for k, v in r["metric"].items())
                   for r in server.query(expr)):
            problems.append(f"{alert}: `{expr.strip()}` does not select {selector} while Pricing is down")
    return problems


def queries_return_data_from_the_platform():
    binaries, absent = _binaries()
    if absent:
        return [f"not built in {binaries}: {', '.join(absent)} (run swift build first, or set SERVICE_BINARY_DIR)"]
    folder = pathlib.Path(tempfile.mkdtemp(prefix="ops-live-"))
    platform, problems = None, []
    try:
        platform = _Slice(binaries, folder)
        scrape = {"scrape_configs": [{"job_name": "platform", "scrape_interval": "1s", "static_configs": [
            {"targets": [f"127.0.0.1:{platform.ports[name]['metrics']}"], "labels": {"service_name": name}}
            for name in SERVICES]}]}
        binary_prometheus = checks_observability._tool("PROMETHEUS_BIN", "prometheus")
        with prometheus_server.PrometheusServer(binary_prometheus, config=json.dumps(scrape)) as server:
            _wait_until(lambda: len(server.query("up == 1")) == len(SERVICES), 60, "Prometheus to scrape all six services")
            families, moments = {}, []

            def before_outage():
                _add_families(platform, families)
                moments.append(time.time())
            outage = _drive(platform, binaries, seconds=12, before_outage=before_outage)
            _wait_until(lambda: server.query('max(kit_circuit_breaker_state{dependency="pricing"}) == 2')
                        and server.query('up{service_name="pricing"} == 0'), 60, "Checkout's Pricing breaker to open")
            time.sleep(3)  # a few more scrapes of the outage
            _add_families(platform, families)  # what the outage made appear (a breaker's flight-recorder dump)
            problems, fed, not_fed = _evaluate(server, families, moments=moments + [time.time()])
            problems += outage + _alerts_see_the_outage(server)
            print(f"{fed} expression x service evaluations returned data from the slice; {len(not_fed)} not fed:")
            for line in not_fed:
                print(f"  not fed: {line}")
    finally:
        if platform:
            platform.stop()
        if problems:
            for log in sorted((folder / "run" / "logs").glob("*.log")):
                problems.append(f"{log.name} tail:\n" + log.read_text()[-800:])
            problems.append("serve_platform.log tail:\n" + (folder / "serve_platform.log").read_text()[-1500:])
        subprocess.run(["rm", "-rf", str(folder)], check=False)
    return problems
