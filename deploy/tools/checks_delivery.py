"""Argo CD, Argo Rollouts and schema checks of the rendered manifests."""
import copy
import fnmatch
import functools
import pathlib

import jsonschema
import yaml

import render

ROOT = render.ROOT
CANARY_SERVICES = ("checkout", "payment")


def _crd_directory():
    for candidate in (ROOT.parent / "shared" / "crds", ROOT / "shared" / "crds", pathlib.Path("/work/shared/crds")):
        if candidate.is_dir():
            return candidate
    return None


def _strict(schema):
    """The CRD's OpenAPI schema as JSON Schema that rejects unknown fields (what the API server prunes)."""
    if isinstance(schema, dict):
        schema = {k: _strict(v) for k, v in schema.items()}
        if "properties" in schema and "additionalProperties" not in schema \
                and not schema.get("x-kubernetes-preserve-unknown-fields"):
            schema["additionalProperties"] = False
        if schema.get("x-kubernetes-int-or-string"):
            schema.pop("type", None)
            schema["anyOf"] = [{"type": "integer"}, {"type": "string"}]
        if schema.get("nullable") and "type" in schema:
            schema["type"] = [schema["type"], "null"]
        return schema
    if isinstance(schema, list):
        return [_strict(item) for item in schema]
    return schema


@functools.cache
def _crd_schemas():
    schemas = {}
    directory = _crd_directory()
    if directory is None:
        return schemas
    for path in sorted(directory.glob("*.yaml")):
        crd = yaml.safe_load(path.read_text())
        for version in crd["spec"]["versions"]:
            schema = copy.deepcopy(version["schema"]["openAPIV3Schema"])
            schema.setdefault("properties", {})["metadata"] = {"type": "object"}
            key = (f"{crd['spec']['group']}/{version['name']}", crd["spec"]["names"]["kind"])
            schemas[key] = _strict(schema)
    return schemas


def _argocd_documents():
    for path in sorted((ROOT / "deploy" / "argocd").glob("*.yaml")):
        for doc in yaml.safe_load_all(path.read_text()):
            if doc:
                yield f"deploy/argocd/{path.name}", doc


def custom_resources_match_crds():
    schemas = _crd_schemas()
    if not schemas:
        return ["no CRD schemas found in ../shared/crds (kept beside the repository)"]
    problems, seen = [], 0
    documents = list(render.documents()) + list(_argocd_documents())
    for target, doc in documents:
        key = (doc.get("apiVersion"), doc.get("kind"))
        if _is_custom(doc):
            if key not in schemas:
                problems.append(f"{target}: no CRD schema for {key}")
                continue
            seen += 1
            for error in jsonschema.Draft7Validator(schemas[key]).iter_errors(doc):
                path = ".".join(str(p) for p in error.absolute_path)
                problems.append(f"{target}: {doc['kind']} {doc['metadata']['name']} {path}: {error.message}")
    if seen == 0:
        problems.append("no custom resource was validated")
    return problems


def _is_custom(doc):
    return doc.get("apiVersion", "").split("/")[0].endswith(("argoproj.io", "monitoring.coreos.com"))


def builtin_kinds_match_schemas():
    try:
        import kubernetes_validate
    except ImportError:
        return ["PyPI kubernetes-validate is not installed (scripts/lib/ops.sh installs it)"]
    version = kubernetes_validate.latest_version()
    problems, seen = [], 0
    for target, doc in render.documents():
        if _is_custom(doc):
            continue
        seen += 1
        try:
            kubernetes_validate.validate(doc, version, strict=True)
        except kubernetes_validate.ValidationError as error:
            problems.append(f"{target}: {doc['kind']} {doc['metadata']['name']}: {error.message}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{target}: no schema for {doc['apiVersion']} {doc['kind']}")
    if seen == 0:
        problems.append("no built-in resource was validated")
    return problems


def applicationset_covers_every_service():
    problems = []
    sets = {doc["metadata"]["name"]: doc for _, doc in _argocd_documents() if doc["kind"] == "ApplicationSet"}
    services = sets.get("commerce-services")
    if services is None:
        return ["deploy/argocd/applicationset.yaml has no ApplicationSet commerce-services"]
    matrix = services["spec"]["generators"][0]["matrix"]["generators"]
    git = next(g["git"] for g in matrix if "git" in g)
    environments = [e["env"] for g in matrix if "list" in g for e in g["list"]["elements"]]
    patterns = [d["path"] for d in git["directories"] if not d.get("exclude")]
    folders = sorted(f"deploy/services/{name}" for name in render.service_names())
    matched = sorted({f for f in folders for p in patterns if fnmatch.fnmatch(f, p)})
    if matched != folders:
        problems.append(f"git generator {patterns} matches {matched}, folders are {folders}")
    if sorted(environments) != sorted(render.ENVIRONMENTS):
        problems.append(f"environments {environments} differ from the overlays {render.ENVIRONMENTS}")
    template = services["spec"]["template"]["spec"]
    if template["source"]["path"] != "{{.path.path}}/overlays/{{.env}}":
        problems.append(f"source.path {template['source']['path']} does not point at an overlay")
    for folder in folders:
        for env in environments:
            if not (ROOT / folder / "overlays" / env / "kustomization.yaml").is_file():
                problems.append(f"{folder}/overlays/{env} does not exist")
    for name, doc in sets.items():
        automated = doc["spec"]["template"]["spec"].get("syncPolicy", {}).get("automated", {})
        if automated.get("prune") is not True or automated.get("selfHeal") is not True:
            problems.append(f"ApplicationSet {name}: automated sync without prune and selfHeal")
    shared = sets.get("commerce-platform-shared", {"spec": {"generators": [{"git": {"directories": []}}]}})
    shared_paths = [d["path"] for d in shared["spec"]["generators"][0]["git"]["directories"]]
    for path in render.SHARED:
        if path not in shared_paths:
            problems.append(f"{path} is deployed by no ApplicationSet")
    return problems


def canaries_abort_on_red_metrics():
    problems = []
    for name in CANARY_SERVICES:
        for env in render.ENVIRONMENTS:
            target = f"deploy/services/{name}/overlays/{env}"
            docs = render.rendered()[target]
            rollouts = [d for d in docs if d["kind"] == "Rollout"]
            if len(rollouts) != 1:
                problems.append(f"{target}: expected one Rollout, found {len(rollouts)}")
                continue
            canary = rollouts[0]["spec"]["strategy"]["canary"]
            weights = [s["setWeight"] for s in canary["steps"] if "setWeight" in s]
            if weights != [10, 50, 100]:
                problems.append(f"{target}: weights {weights}, expected 10 -> 50 -> 100")
            gate = [i for i, s in enumerate(canary["steps"]) if s.get("pause") == {}]
            last = max(i for i, s in enumerate(canary["steps"]) if "setWeight" in s)
            if name == "checkout" and gate != [last - 1]:
                problems.append(f"{target}: checkout needs a manual pause right before 100%")
            if name != "checkout" and gate:
                problems.append(f"{target}: unexpected manual pause")
            template_name = canary["analysis"]["templates"][0]["templateName"]
            templates = {d["metadata"]["name"]: d for d in docs if d["kind"] == "AnalysisTemplate"}
            if template_name not in templates:
                problems.append(f"{target}: AnalysisTemplate {template_name} is not rendered with the Rollout")
                continue
            metrics = {m["name"]: m for m in templates[template_name]["spec"]["metrics"]}
            for metric, threshold, needle in (("error-ratio", "<= 0.01", "http_response_status_code=~\"5..\""),
                                              ("p99-latency", "<= 0.5", "histogram_quantile(0.99")):
                m = metrics.get(metric)
                if m is None or threshold not in m["successCondition"] or needle not in m["provider"]["prometheus"]["query"]:
                    problems.append(f"{target}: analysis metric {metric} must check {needle} {threshold}")
                elif m.get("failureLimit", 0) != 0:
                    problems.append(f"{target}: {metric} must abort on the first failed measurement")
            workload = rollouts[0]["spec"].get("workloadRef", {})
            if workload.get("kind") != "Deployment" or workload.get("name") != name:
                problems.append(f"{target}: the Rollout does not take over Deployment {name}")
    return problems
