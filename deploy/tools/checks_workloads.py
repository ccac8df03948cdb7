"""Invariants of the rendered Kubernetes manifests (deploy/services overlays and the shared folders)."""
import re

import render

ADMIN_PORT = 6060
# The services that own a PostgreSQL database (deploy/components/database). Catalog is in memory for now.
DATABASE_OWNERS = {"checkout", "pricing", "inventory", "payment", "order"}
K8S_VARIABLES = {
    "K8S_POD_NAME": "metadata.name", "K8S_POD_UID": "metadata.uid", "K8S_NAMESPACE_NAME": "metadata.namespace",
    "K8S_NODE_NAME": "spec.nodeName",
}


def _service_deployments():
    for target, doc in render.documents("Deployment"):
        if target.startswith("deploy/services/"):
            yield target, doc


def _containers(doc):
    return doc["spec"]["template"]["spec"].get("containers", [])


def kustomize_builds():
    rendered = render.rendered()
    empty = [target for target, docs in rendered.items() if not docs]
    return [f"{target}: rendered nothing" for target in empty]


def overlays_complete():
    problems = []
    for name in render.service_names():
        folder = render.SERVICES / name
        for sub in ["base"] + [f"overlays/{env}" for env in render.ENVIRONMENTS]:
            if not (folder / sub / "kustomization.yaml").is_file():
                problems.append(f"deploy/services/{name}/{sub}/kustomization.yaml is missing")
    expected = {"catalog", "checkout", "pricing", "inventory", "payment", "order"}
    missing = expected - set(render.service_names())
    problems += [f"no deploy/services/{name}" for name in sorted(missing)]
    return problems


def no_admin_port_exposed():
    problems = []
    for target, doc in render.documents("Service"):
        for port in doc["spec"].get("ports", []):
            if ADMIN_PORT in (port.get("port"), port.get("targetPort")) or "admin" in str(port.get("name", "")) \
                    or port.get("targetPort") == "admin":
                problems.append(f"{target}: Service {doc['metadata']['name']} exposes the admin port: {port}")
    for target, doc in _service_deployments():
        for container in _containers(doc):
            for port in container.get("ports", []):
                if port.get("containerPort") == ADMIN_PORT:
                    problems.append(f"{target}: {doc['metadata']['name']} declares containerPort 6060")
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            if env.get("ADMIN_BIND_ADDRESS") not in (None, "127.0.0.1"):
                problems.append(f"{target}: ADMIN_BIND_ADDRESS is not loopback")
    for target, doc in render.documents("NetworkPolicy"):
        for rule in doc["spec"].get("ingress", []):
            for port in rule.get("ports", []):
                if port.get("port") == ADMIN_PORT:
                    problems.append(f"{target}: NetworkPolicy {doc['metadata']['name']} admits 6060")
    return problems


def services_expose_public_ports():
    problems = []
    for target, doc in render.documents("Service"):
        if not target.startswith("deploy/services/"):
            continue
        ports = sorted(p["port"] for p in doc["spec"]["ports"])
        if ports != [8080, 9090, 9464]:
            problems.append(f"{target}: Service {doc['metadata']['name']} ports {ports}, expected 8080, 9090, 9464")
    return problems


def deployments_have_probes():
    problems = []
    for target, doc in _service_deployments():
        for container in _containers(doc):
            for probe, path in (("livenessProbe", "/healthz"), ("readinessProbe", "/readyz")):
                get = container.get(probe, {}).get("httpGet", {})
                if get.get("path") != path or get.get("port") not in ("metrics", 9464):
                    problems.append(f"{target}: {doc['metadata']['name']} {probe} is not GET {path} on the metrics port")
    return problems


def deployments_are_locked_down():
    problems = []
    for target, doc in render.documents():
        if doc.get("kind") not in ("Deployment", "DaemonSet"):
            continue
        name = f"{target}: {doc['kind']} {doc['metadata']['name']}"
        pod = doc["spec"]["template"]["spec"].get("securityContext", {})
        for container in _containers(doc):
            context = container.get("securityContext", {})
            if not (pod.get("runAsNonRoot") or context.get("runAsNonRoot")):
                problems.append(f"{name}: not runAsNonRoot")
            if context.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{name}: root filesystem is writable")
            if context.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{name}: allowPrivilegeEscalation is not false")
            if "ALL" not in context.get("capabilities", {}).get("drop", []):
                problems.append(f"{name}: capabilities are not dropped (drop: [ALL])")
    return problems


def deployments_have_resources():
    problems = []
    for target, doc in render.documents():
        if doc.get("kind") not in ("Deployment", "DaemonSet"):
            continue
        for container in _containers(doc):
            resources = container.get("resources", {})
            for section in ("requests", "limits"):
                for resource in ("cpu", "memory"):
                    if resource not in resources.get(section, {}):
                        problems.append(f"{target}: {doc['metadata']['name']} has no {section}.{resource}")
    return problems


def deployments_have_writable_scratch():
    problems = []
    for target, doc in _service_deployments():
        volumes = {v["name"]: v for v in doc["spec"]["template"]["spec"].get("volumes", [])}
        for container in _containers(doc):
            env = {e["name"]: e.get("value") for e in container.get("env", [])}
            mounts = {m["mountPath"]: m["name"] for m in container.get("volumeMounts", [])}
            for path in ("/tmp", env.get("FLIGHT_RECORDER_DIR")):
                if path not in mounts or "emptyDir" not in volumes.get(mounts[path], {}):
                    problems.append(f"{target}: {doc['metadata']['name']} has no emptyDir at {path}")
    return problems


def deployments_have_telemetry_environment():
    problems = []
    for target, doc in _service_deployments():
        name = doc["metadata"]["name"]
        for container in _containers(doc):
            env = {e["name"]: e for e in container.get("env", [])}
            for variable, field in K8S_VARIABLES.items():
                if env.get(variable, {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath") != field:
                    problems.append(f"{target}: {name} {variable} is not the downward-API {field}")
            for variable in ("K8S_CONTAINER_NAME", "K8S_DEPLOYMENT_NAME", "OTEL_SERVICE_NAME"):
                if variable not in env:
                    problems.append(f"{target}: {name} has no {variable}")
            if env.get("K8S_CONTAINER_NAME", {}).get("value") != container["name"]:
                problems.append(f"{target}: {name} K8S_CONTAINER_NAME is not the container's name")
            if env.get("OTEL_SERVICE_NAME", {}).get("value") != name:
                problems.append(f"{target}: {name} OTEL_SERVICE_NAME is not {name}")
            host = env.get("HOST_IP", {}).get("valueFrom", {}).get("fieldRef", {}).get("fieldPath")
            endpoint = env.get("OTEL_EXPORTER_OTLP_ENDPOINT", {}).get("value", "")
            if host != "status.hostIP" or not re.fullmatch(r"http://\$\(HOST_IP\):431[78]", endpoint):
                problems.append(f"{target}: {name} does not export OTLP to the node-local collector (status.hostIP)")
            if re.search(r"\bSERVICE\b", str(doc)):
                problems.append(f"{target}: {name} still holds the SERVICE placeholder")
    return problems


def disruption_budgets_cover_services():
    problems = []
    for target, docs in render.rendered().items():
        if not target.startswith("deploy/services/"):
            continue
        budgets = [d["spec"]["selector"]["matchLabels"] for d in docs if d["kind"] == "PodDisruptionBudget"]
        for doc in docs:
            if doc["kind"] == "Deployment" and doc["spec"]["selector"]["matchLabels"] not in budgets:
                problems.append(f"{target}: no PodDisruptionBudget selects {doc['metadata']['name']}")
    return problems


def databases_admit_only_their_owner():
    problems = []
    for target, docs in render.rendered().items():
        if not target.startswith("deploy/services/"):
            continue
        name = target.split("/")[2]
        policies = [d for d in docs if d["kind"] == "NetworkPolicy"
                    and d["spec"]["podSelector"].get("matchLabels", {}).get("app.kubernetes.io/name") == f"{name}-postgres"]
        env = {e["name"]: e for d in docs if d["kind"] == "Deployment" for c in _containers(d) for e in c.get("env", [])}
        secret = env.get("DATABASE_URL", {}).get("valueFrom", {}).get("secretKeyRef", {})
        if name in DATABASE_OWNERS and (secret.get("name") != f"{name}-database" or secret.get("optional")):
            problems.append(f"{target}: DATABASE_URL must come from the required Secret {name}-database")
        if "DATABASE_URL" not in env and not policies:
            continue
        if len(policies) != 1:
            problems.append(f"{target}: expected one NetworkPolicy for {name}-postgres, found {len(policies)}")
            continue
        for rule in policies[0]["spec"].get("ingress", []):
            for peer in rule.get("from", []):
                if peer.get("podSelector", {}).get("matchLabels") != {"app.kubernetes.io/name": name} or \
                        "namespaceSelector" in peer or "ipBlock" in peer:
                    problems.append(f"{target}: {name}-postgres admits {peer}, not only {name}")
        if re.search(r"\bSERVICE\b", str(docs)):
            problems.append(f"{target}: a SERVICE placeholder is left")
    return problems
