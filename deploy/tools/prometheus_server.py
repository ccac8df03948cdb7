"""A real Prometheus on loopback with an empty TSDB, to prove every query parses and evaluates."""
import json
import pathlib
import random
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request


def free_ports(count):
    """`count` distinct TCP ports free on 127.0.0.1 right now, from 20000-32000: below the kernel's ephemeral
    range (32768+), so no outgoing connection takes one before the server that is given it binds it."""
    found = []
    for port in random.sample(range(20000, 32000), 2000):
        with socket.socket() as probe:
            try:
                probe.bind(("127.0.0.1", port))
            except OSError:
                continue
        found.append(port)
        if len(found) == count:
            return found
    raise RuntimeError(f"fewer than {count} free ports in 20000-32000")


class PrometheusServer:
    def __init__(self, binary, config="global:\n  scrape_interval: 15s\n"):
        self.binary = binary
        self.config = config

    def __enter__(self):
        self.directory = tempfile.TemporaryDirectory(prefix="ops-prometheus-")
        folder = pathlib.Path(self.directory.name)
        (folder / "prometheus.yml").write_text(self.config)
        self.port = free_ports(1)[0]
        self.log = open(folder / "prometheus.log", "w")
        self.process = subprocess.Popen(
            [self.binary, f"--config.file={folder / 'prometheus.yml'}", f"--storage.tsdb.path={folder / 'data'}",
             f"--web.listen-address=127.0.0.1:{self.port}"], stdout=self.log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"prometheus exited: {(folder / 'prometheus.log').read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/-/ready", timeout=2) as answer:
                    if answer.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError):
                pass
            time.sleep(0.2)
        raise RuntimeError("prometheus did not become ready within 60 s")

    def query(self, expr, at=None):
        """The result list of an instant query, now or at Unix time `at` (raises on an error)."""
        data = urllib.parse.urlencode({"query": expr} | ({"time": f"{at:.3f}"} if at else {})).encode()
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/query", data=data, timeout=10) as answer:
            body = json.load(answer)
        if body.get("status") != "success":
            raise RuntimeError(f"{expr}: {body}")
        return body["data"]["result"]

    def sample_count(self, metric):
        """How many samples of `metric` Prometheus holds from the last minute."""
        result = self.query(f"count_over_time({metric}[1m])")
        return max((int(float(r["value"][1])) for r in result), default=0)

    def query_error(self, expr):
        """None when Prometheus evaluates `expr`, else its error."""
        data = urllib.parse.urlencode({"query": expr}).encode()
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/api/v1/query", data=data, timeout=10) as answer:
                body = json.load(answer)
        except urllib.error.HTTPError as error:
            body = json.load(error)
        return None if body.get("status") == "success" else f"{body.get('errorType')}: {body.get('error')}"

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()
        self.directory.cleanup()
