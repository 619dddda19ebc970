"""`make audit`: pip-audit over requirements.lock, with an answer a person can act on.

Three outcomes, each said plainly: no known vulnerability (exit 0); vulnerabilities, each with the version that
fixes it (exit 1); or the vulnerability service could not be asked (exit 2). The last happens on a machine
whose PyPI is a mirror without PyPI's per-release JSON (pip-audit then reports every package "not found"), or
with no route to PyPI/OSV: pip-audit itself would print a long table and say "No known vulnerabilities found",
which would be a false all-clear. Plain Python (no Django): it reads only the lock file.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

LOCK = Path(__file__).resolve().parents[2] / "requirements.lock"


def audit(lock: Path = LOCK, service: str = "pypi") -> int:
    command = [sys.executable, "-m", "pip_audit", "-r", str(lock), "--no-deps", "--disable-pip", "--format", "json",
               "--progress-spinner", "off", "--vulnerability-service", service]
    result = subprocess.run(command, capture_output=True, text=True)
    try:
        report = json.loads(result.stdout)
    except json.JSONDecodeError:
        last = (result.stderr.strip().splitlines() or ["(no output)"])[-1]
        print(f"AUDIT NOT DONE: pip-audit could not reach the {service} vulnerability service from this machine.\n"
              f"  {last}\n  Run `make audit` where PyPI (pypi.org/pypi/<name>/<version>/json) or OSV is reachable.")
        return 2
    packages = report.get("dependencies", [])
    unaudited = [p for p in packages if p.get("skip_reason")]
    vulnerable = [p for p in packages if p.get("vulns")]
    for p in vulnerable:
        for v in p["vulns"]:
            fixed = ", ".join(v.get("fix_versions") or []) or "no fixed release yet"
            print(f"VULNERABLE {p['name']}=={p['version']}: {v['id']} (fixed in {fixed})")
    if unaudited:
        print(f"AUDIT INCOMPLETE: {len(unaudited)} of {len(packages)} locked packages could not be checked, e.g. "
              f"{unaudited[0]['name']}: {unaudited[0]['skip_reason']}")
        if len(unaudited) == len(packages):
            print(f"  Nothing was checked: the {service} vulnerability service is not reachable from this machine "
                  "(a PyPI mirror without per-release JSON, or no network). Run `make audit` where it is.")
    if vulnerable:
        return 1
    if unaudited:
        return 2
    print(f"No known vulnerabilities in the {len(packages)} locked packages ({service}).")
    return 0


if __name__ == "__main__":
    sys.exit(audit(service=sys.argv[1] if len(sys.argv) > 1 else "pypi"))
