#!/usr/bin/env python3
"""Named offline checks of otel/, grafana/ and deploy/. Each check prints its problems and exits 1 when it
finds any, so every invariant is its own test in Tests/OperationsTests.

    python3 deploy/tools/validate.py --list
    python3 deploy/tools/validate.py CHECK [CHECK...]
    python3 deploy/tools/validate.py all

Needs PyYAML, jsonschema and kubernetes-validate (PyPI), kubectl (Debian; `kubectl kustomize`), and for
the rule and query checks PROMTOOL and PROMETHEUS_BIN (Debian's prometheus). scripts/lib/ops.sh installs them.
"""
import sys
import traceback

import checks_delivery
import checks_live
import checks_observability
import checks_telemetry
import checks_workloads

CHECKS = {
    name: function
    for module in (checks_workloads, checks_delivery, checks_observability, checks_telemetry, checks_live)
    for name, function in vars(module).items()
    if callable(function) and not name.startswith("_") and function.__module__ == module.__name__
}


def run(name):
    try:
        problems = CHECKS[name]()
    except Exception as error:  # a check that cannot run is a failed check, with the reason
        problems = [f"{type(error).__name__}: {error}", traceback.format_exc()]
    for problem in problems:
        print(f"{name}: {problem}")
    print(f"{name}: {'FAILED' if problems else 'ok'}")
    return not problems


def main(argv):
    if not argv or argv == ["--list"]:
        print("\n".join(sorted(CHECKS)))
        return 0 if argv else 2
    names = sorted(CHECKS) if argv == ["all"] else argv
    unknown = [n for n in names if n not in CHECKS]
    if unknown:
        print(f"unknown checks: {unknown}; --list shows them")
        return 2
    results = [run(name) for name in names]
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
