"""Dashboard queries against a real Prometheus scraping a real service of the platform under load.

Today's platform has one service in code (Catalog), so this proves data for the panels whose metrics
Catalog exposes (HTTP server RED, process, up, ...). Every other expression must still evaluate; those
the run cannot feed (other services' metrics, a status class the load does not produce, an hour-ago
baseline) are listed with the reason, so the gap is visible rather than silent.
"""
import json
import os
import pathlib
import re
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
# Matchers the short run cannot satisfy with Catalog alone.
UNFEEDABLE = re.compile(r'service_name="(?!catalog")|http_route="|_status_code=~"5|_status_code="[^2]|\boffset\b|'
                        r'telemetry_source=')


def _catalog_binary():
    directory = os.environ.get("SERVICE_BINARY_DIR")
    path = pathlib.Path(directory) / "catalog" if directory else ROOT / ".build" / "debug" / "catalog"
    return path if path.is_file() else None


def _free_ports(count):
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def _get(url, timeout=5):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as answer:
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
        time.sleep(0.2)
    raise RuntimeError(f"timed out after {seconds} s waiting for {what}")


def _load(base, seconds):
    status, body = _get(f"{base}/products")
    ids = [p["id"] for p in json.loads(body)] if status == 200 else []
    paths = ["/products"] + [f"/products/{i}" for i in ids[:3]] + ["/products/no-such-product"]
    stop = time.monotonic() + seconds

    def worker():
        index = 0
        while time.monotonic() < stop:
            _get(base + paths[index % len(paths)])
            index += 1
    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


def _families(exposition):
    return set(re.findall(r"^# TYPE (\S+) ", exposition, re.MULTILINE))


def _missing(expr, families):
    """The kit metrics `expr` names that the scraped service does not expose."""
    stripped = re.sub(r'"[^"]*"|\{[^}]*\}|\[[^\]]*\]', " ", expr)
    missing = set()
    for word in re.findall(r"[A-Za-z_][A-Za-z0-9_]*", stripped):
        base = re.sub(r"_(bucket|count|sum)$", "", word)
        known = word in checks_observability.KNOWN_METRICS or base in checks_observability.KNOWN_METRICS
        if known and word not in families and base not in families:
            missing.add(word if word in checks_observability.KNOWN_METRICS else base)
    return missing


def queries_return_data_from_a_real_service():
    binary = _catalog_binary()
    if binary is None:
        return ["no catalog binary (.build/debug/catalog or SERVICE_BINARY_DIR): run swift build first"]
    http, grpc, metrics = _free_ports(3)
    environment = {k: v for k, v in os.environ.items() if not k.startswith("OTEL_")}
    environment.update({"BIND_ADDRESS": "127.0.0.1", "HTTP_PORT": str(http), "GRPC_PORT": str(grpc),
                        "METRICS_PORT": str(metrics), "OTEL_TRACES_EXPORTER": "none", "LOG_LEVEL": "warning"})
    folder = tempfile.TemporaryDirectory(prefix="ops-live-")
    log = open(pathlib.Path(folder.name) / "catalog.log", "w")
    service = subprocess.Popen([str(binary)], env=environment, stdout=log, stderr=subprocess.STDOUT)
    problems = []
    try:
        _wait_until(lambda: _get(f"http://127.0.0.1:{metrics}/readyz")[0] == 200, 60, "catalog /readyz")
        scrape = {"scrape_configs": [{"job_name": "catalog", "scrape_interval": "1s", "static_configs": [
            {"targets": [f"127.0.0.1:{metrics}"], "labels": {"service_name": "catalog"}}]}]}
        binary_prometheus = checks_observability._tool("PROMETHEUS_BIN", "prometheus")
        with prometheus_server.PrometheusServer(binary_prometheus, config=json.dumps(scrape)) as server:
            _load(f"http://127.0.0.1:{http}", seconds=8)
            _wait_until(lambda: server.sample_count("http_server_request_duration_seconds_count") >= 4, 60,
                        "Prometheus to scrape catalog")
            exposition = _get(f"http://127.0.0.1:{metrics}/metrics")[1].decode()
            families = _families(exposition) | {"up"}
            fed, skipped = 0, []
            for where, expr in checks_observability._expressions():
                query = checks_observability._substitute(expr)
                if ".rules.yml /" in where or "/overlays/" in where:
                    continue  # alerts and canary checks compare against thresholds: empty is their normal
                missing = _missing(query, families)
                if missing or UNFEEDABLE.search(query):
                    skipped.append(f"{where} ({', '.join(sorted(missing)) or 'selector the load cannot feed'})")
                    continue
                fed += 1
                result = server.query(query)
                if not result:
                    problems.append(f"{where}: no data\n    {query}")
            if fed < 10:
                problems.append(f"only {fed} expressions could be fed by catalog: the check proves too little")
            print(f"{fed} expressions returned data from catalog; {len(skipped)} need other services or traffic:")
            for line in skipped:
                print(f"  not fed: {line}")
    finally:
        service.terminate()
        try:
            service.wait(timeout=15)
        except subprocess.TimeoutExpired:
            service.kill()
            service.wait()
        log.close()
        if problems:
            problems.append("catalog log tail:\n" + (pathlib.Path(folder.name) / "catalog.log").read_text()[-1500:])
        folder.cleanup()
    return problems
