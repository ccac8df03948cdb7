#!/usr/bin/env bash
# Regenerates the PrometheusRules in deploy/monitoring/rules/ from grafana/alerts/*.rules.yml.
#   bash deploy/monitoring/generate.sh          rewrite them
#   bash deploy/monitoring/generate.sh --check  fail when the committed ones are not current (OperationsTests run this)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
exec python3 deploy/monitoring/generate_rules.py "$@"
