"""Renders every kustomization of deploy/ once (kubectl kustomize) and caches the result by content hash,
so the many named checks of validate.py share one rendering even when run in parallel."""
import fcntl
import hashlib
import os
import pathlib
import shutil
import subprocess
import tempfile

import yaml

ROOT = pathlib.Path(__file__).resolve().parents[2]
SERVICES = ROOT / "deploy" / "services"
ENVIRONMENTS = ("dev", "staging", "prod")
SHARED = ("deploy/platform", "deploy/otel", "deploy/monitoring")


class RenderError(Exception):
    pass


def service_names():
    return sorted(p.name for p in SERVICES.iterdir() if p.is_dir())


def targets():
    """Every kustomization that is deployed: each service overlay and the shared folders."""
    found = [f"deploy/services/{name}/overlays/{env}" for name in service_names() for env in ENVIRONMENTS]
    return found + list(SHARED)


def kubectl():
    path = os.environ.get("KUBECTL") or shutil.which("kubectl")
    if not path:
        raise RenderError("kubectl not found (Debian package kubectl; scripts/lib/ops.sh installs it): "
                          "`kubectl kustomize` renders the overlays")
    return path


def _fingerprint():
    digest = hashlib.sha256()
    for folder in ("deploy", "otel"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "tools" not in path.relative_to(ROOT).parts:
                digest.update(str(path.relative_to(ROOT)).encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def rendered():
    """{target: [documents]} for every target, rendered now or taken from the cache."""
    cache = pathlib.Path(tempfile.gettempdir()) / "commerce-ops-render" / _fingerprint()
    cache.parent.mkdir(parents=True, exist_ok=True)
    with open(cache.parent / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (cache / ".complete").exists():
            _render_into(cache)
    result = {}
    for target in targets():
        text = (cache / (target.replace("/", "__") + ".yaml")).read_text()
        result[target] = [doc for doc in yaml.safe_load_all(text) if doc]
    return result


def _render_into(cache):
    binary = kubectl()
    shutil.rmtree(cache, ignore_errors=True)
    cache.mkdir(parents=True)
    failures = []
    for target in targets():
        run = subprocess.run([binary, "kustomize", str(ROOT / target)], capture_output=True, text=True)
        if run.returncode != 0:
            failures.append(f"{target}: {run.stderr.strip()}")
            continue
        (cache / (target.replace("/", "__") + ".yaml")).write_text(run.stdout)
    if failures:
        shutil.rmtree(cache, ignore_errors=True)
        raise RenderError("kubectl kustomize failed:\n" + "\n".join(failures))
    (cache / ".complete").write_text("ok\n")


def documents(kind=None):
    """(target, document) pairs over every rendered target, optionally of one kind."""
    for target, docs in rendered().items():
        for doc in docs:
            if kind is None or doc.get("kind") == kind:
                yield target, doc
