"""Structure of otel/collector.yaml, otel/tempo.yaml and the Grafana data sources. The real collector is
not installable here, so this checks what it would check at start (every pipeline component defined, the
connectors wired both ways) plus the platform's own requirements (sampling policies, Kafka edges)."""
import yaml

import render

ROOT = render.ROOT


def _load(path):
    return yaml.safe_load((ROOT / path).read_text())


def collector_config_structure():
    config = _load("otel/collector.yaml")
    problems = []
    pipelines = config["service"]["pipelines"]
    used_as = {"receivers": set(), "exporters": set()}
    for name, pipeline in pipelines.items():
        for section in ("receivers", "processors", "exporters"):
            for component in pipeline.get(section, []):
                defined = config.get(section, {}) or {}
                if component not in defined and component not in (config.get("connectors") or {}):
                    problems.append(f"pipeline {name}: {section[:-1]} {component} is not defined")
                if section in used_as:
                    used_as[section].add(component)
        processors = pipeline.get("processors", [])
        if pipeline.get("receivers") != ["forward/sampling"] and processors[:1] != ["memory_limiter"]:
            problems.append(f"pipeline {name}: memory_limiter must come first")
        if "batch" in processors and processors[-1] != "batch" and name != "traces/in":
            problems.append(f"pipeline {name}: batch must come last")
    for connector in config.get("connectors", {}):
        if connector not in used_as["receivers"] or connector not in used_as["exporters"]:
            problems.append(f"connector {connector} must be both an exporter and a receiver")
    for section in ("receivers", "processors", "exporters", "connectors", "extensions"):
        for component in config.get(section, {}) or {}:
            used = any(component in p.get(section, []) for p in pipelines.values()) or \
                component in config["service"].get("extensions", []) or \
                (section == "connectors" and component in used_as["receivers"])
            if not used:
                problems.append(f"{section[:-1]} {component} is defined but used by no pipeline")
    protocols = config["receivers"]["otlp"]["protocols"]
    if set(protocols) != {"grpc", "http"}:
        problems.append("the otlp receiver needs grpc and http")
    policies = {p["type"]: p for p in config["processors"]["tail_sampling"]["policies"]}
    if policies.get("status_code", {}).get("status_code", {}).get("status_codes") != ["ERROR"]:
        problems.append("tail_sampling must keep every error trace")
    if policies.get("latency", {}).get("latency", {}).get("threshold_ms", 0) <= 0:
        problems.append("tail_sampling must keep slow traces")
    if not 0 < policies.get("probabilistic", {}).get("probabilistic", {}).get("sampling_percentage", 0) < 100:
        problems.append("tail_sampling must keep a fraction of the rest")
    if "messaging.system" not in config["connectors"]["servicegraph"].get("virtual_node_peer_attributes", []):
        problems.append("servicegraph must draw Kafka edges (virtual_node_peer_attributes: messaging.system)")
    traces_in = pipelines.get("traces/in", {})
    if not {"spanmetrics", "servicegraph"} <= set(traces_in.get("exporters", [])):
        problems.append("spanmetrics and servicegraph must see the unsampled spans (traces/in)")
    if "k8sattributes" not in traces_in.get("processors", []):
        problems.append("traces/in must add Kubernetes metadata (k8sattributes)")
    exporters = {e.split("/")[0] for p in pipelines.values() for e in p["exporters"]}
    if not {"otlp", "otlphttp"} <= exporters or not exporters & {"prometheusremotewrite", "prometheus"}:
        problems.append(f"exporters {sorted(exporters)}: need otlp (Tempo), otlphttp (Loki), prometheus(remotewrite)")
    return problems


def tempo_generates_metrics():
    config = _load("otel/tempo.yaml")
    problems = []
    processors = config.get("overrides", {}).get("defaults", {}).get("metrics_generator", {}).get("processors", [])
    if sorted(processors) != ["service-graphs", "span-metrics"]:
        problems.append(f"metrics_generator processors are {processors}")
    if not config.get("metrics_generator", {}).get("storage", {}).get("remote_write"):
        problems.append("metrics_generator has no remote_write to Prometheus")
    return problems


def datasources_link_signals():
    sources = {d["uid"]: d for d in _load("grafana/provisioning/datasources/datasources.yaml")["datasources"]}
    problems = []
    if set(sources) != {"prometheus", "tempo", "loki"}:
        return [f"data sources {sorted(sources)}, expected prometheus, tempo, loki"]
    exemplars = sources["prometheus"]["jsonData"].get("exemplarTraceIdDestinations", [])
    if not any(e.get("datasourceUid") == "tempo" and e.get("name") == "trace_id" for e in exemplars):
        problems.append("Prometheus exemplars do not open Tempo by trace_id")
    tempo = sources["tempo"]["jsonData"]
    if tempo.get("tracesToLogsV2", {}).get("datasourceUid") != "loki" or "trace_id" not in \
            tempo["tracesToLogsV2"].get("query", "") + str(tempo["tracesToLogsV2"].get("filterByTraceID")):
        problems.append("Tempo traces do not link to Loki logs by trace_id")
    if tempo.get("tracesToMetrics", {}).get("datasourceUid") != "prometheus":
        problems.append("Tempo traces do not link to Prometheus metrics")
    if tempo.get("serviceMap", {}).get("datasourceUid") != "prometheus" or not tempo.get("nodeGraph", {}).get("enabled"):
        problems.append("Tempo has no service map / node graph")
    derived = sources["loki"]["jsonData"].get("derivedFields", [])
    if not any(f.get("datasourceUid") == "tempo" and "trace_id" in f.get("matcherRegex", "") for f in derived):
        problems.append("Loki lines do not link trace_id to Tempo")
    return problems
