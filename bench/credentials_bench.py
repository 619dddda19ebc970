"""Credentials benchmark: Open Badges 3.0 credentials signed and verified per second, against raw Ed25519.

What is timed (medians of --rounds rounds, each of --n operations, one process, one core):
- sign: build nothing, just secure an OpenBadgeCredential the way issuing does: RDFC-1.0 canonicalisation of
  the credential and the proof options (pyld), SHA-256, Ed25519 sign, plus the VC-JOSE JWT.
- issue: the whole `credential_issue` service (permission, status-list slot, signing, database write, audit,
  event) on SQLite.
- verify: `credential_verify` on an issued credential: data-model checks, safe JSON-LD expansion,
  canonicalisation, key resolution from the database, Ed25519 verify, dates, status-list bit.
- raw: Ed25519 sign and verify of a 64-byte message (`cryptography`), the floor the JSON-LD work sits on.

Data is synthetic (one issuer, one achievement, one recipient made for the run) in a throw-away database.
Usage: python bench/credentials_bench.py [--n 200] [--rounds 3]
"""

from __future__ import annotations

import argparse
import base64
import os
import platform
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _setup(var_dir: str) -> None:
    os.environ.update({
        "LEARNINGCITY_VAR_DIR": var_dir, "DATABASE_URL": "", "LEARNINGCITY_DEBUG": "0",
        "LEARNINGCITY_SECRET_KEY": "bench-only-secret-key-not-for-production-use-000000",
        "LEARNINGCITY_KEY_ENCRYPTION_KEY": base64.urlsafe_b64encode(os.urandom(32)).decode(),
        "DJANGO_SETTINGS_MODULE": "learningcity.config.settings",
    })
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", verbosity=0)


def _rate(fn, n: int) -> float:
    start = time.perf_counter()
    for _ in range(n):
        fn()
    return n / (time.perf_counter() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="operations per round")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    from rich.console import Console

    console = Console(stderr=True)
    with tempfile.TemporaryDirectory(prefix="lc-cred-bench-") as var_dir:
        with console.status("Setting up a throw-away database…"):
            _setup(var_dir)
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        from learningcity.core.services import user_create
        from learningcity.credentials import documents
        from learningcity.credentials.services import achievement_create, credential_issue, issuer_ensure_city
        from learningcity.credentials.services.issuing import sign
        from learningcity.credentials.verification import credential_verify

        issuer = issuer_ensure_city(by=None)
        achievement = achievement_create(
            issuer=issuer, by=None, name="Bench badge (synthetic)", description="Synthetic, for the benchmark.",
            criteria="None.", skills=["http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"],
            isced_fields=["06"])
        recipient = user_create(email="bench@example.org", password=None, display_name="Bench")
        issued = credential_issue(achievement=achievement, recipient=recipient, by=None)
        unsigned = {k: v for k, v in issued.document.items() if k != "proof"}
        assert credential_verify(issued.document).verified

        key = Ed25519PrivateKey.generate()
        public, message = key.public_key(), os.urandom(64)
        signature = key.sign(message)
        results: dict[str, list[float]] = {"sign": [], "issue": [], "verify": [], "raw_sign": [], "raw_verify": []}
        for r in range(args.rounds):
            with console.status(f"Round {r + 1}/{args.rounds}…"):
                results["raw_sign"].append(_rate(lambda: key.sign(message), args.n * 20))
                results["raw_verify"].append(_rate(lambda: public.verify(signature, message), args.n * 20))
                results["sign"].append(_rate(lambda: sign(unsigned, issuer=issuer), args.n))
                results["verify"].append(_rate(lambda: credential_verify(issued.document), args.n))
                results["issue"].append(_rate(lambda: credential_issue(achievement=achievement, recipient=recipient,
                                                                        by=None), max(args.n // 4, 10)))
        med = {k: statistics.median(v) for k, v in results.items()}
        load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
        print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python {platform.python_version()}, "
              f"SQLite, one process; medians of {args.rounds} rounds of {args.n} operations; "
              f"load average {load} (other work on the machine slows every figure alike)")
        print(f"credential size: {len(str(issued.document))} characters of JSON; "
              f"issuer {documents.issuer_uri(issuer)}")
        print(f"{'operation':<38}{'per second':>12}")
        for label, name in [("sign (RDFC-1.0 + Ed25519 + JWT)", "sign"), ("issue (service, with DB write)", "issue"),
                            ("verify (full check)", "verify"), ("raw Ed25519 sign (baseline)", "raw_sign"),
                            ("raw Ed25519 verify (baseline)", "raw_verify")]:
            print(f"{label:<38}{med[name]:>12,.0f}")
        print(f"JSON-LD canonicalisation costs {med['raw_sign'] / med['sign']:.0f}x a raw signature")
        print(f"RESULT credentials sign_per_s={med['sign']:.1f} verify_per_s={med['verify']:.1f} "
              f"raw_sign_per_s={med['raw_sign']:.1f}")


if __name__ == "__main__":
    main()
