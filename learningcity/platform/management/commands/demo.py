"""`learningcity demo` (what `make demo` runs): set up and serve the demo city.

First run: generate secrets (var/secrets.env), create the SQLite database, load Seoul from the real open
data, create two demo accounts, build what needs building, then serve at http://127.0.0.1:8000.
Later runs reuse all of it and start in seconds.
"""

from __future__ import annotations

import secrets
import socket
import time
from pathlib import Path

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from learningcity.platform.demo_city import demo_city_loaded, load_demo_city
from learningcity.core.progress import console, progress_bar

ACCOUNTS_FILE = "demo-accounts.txt"
GANGNAM_OPERATOR = "kr-operator:서울특별시 강남구청"


def _port_free(host: str, port: int) -> bool:
    with socket.socket() as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host, port))
        except OSError:
            return False
    return True


def ensure_demo_accounts(var_dir: Path) -> list[tuple[str, str, str]]:
    """A city-office account and a Gangnam-gu staff account, with passwords generated once and kept in var/."""
    from learningcity.catalogue.models import Provider
    from learningcity.catalogue.services import provider_member_add
    from learningcity.core.models import User
    from learningcity.core.services import user_create

    path = var_dir / ACCOUNTS_FILE
    if path.exists():
        rows = [line.split("\t") for line in path.read_text().splitlines() if line and not line.startswith("#")]
        if all(User.objects.filter(email=email).exists() for _, email, _ in rows):
            return [tuple(r) for r in rows]  # type: ignore[misc]
    accounts = []
    office_pw, staff_pw = secrets.token_urlsafe(12), secrets.token_urlsafe(12)
    if not User.objects.filter(email="office@demo.learningcity").exists():
        user_create(email="office@demo.learningcity", password=office_pw, display_name="City office (demo)",
                    is_city_office=True, is_staff=True)
    else:
        User.objects.get(email="office@demo.learningcity").set_password(office_pw)
    accounts.append(("city office", "office@demo.learningcity", office_pw))
    staff = User.objects.filter(email="gangnam@demo.learningcity").first()
    if staff is None:
        staff = user_create(email="gangnam@demo.learningcity", password=staff_pw,
                            display_name="Gangnam-gu lifelong learning (demo)")
    else:
        staff.set_password(staff_pw)
        staff.save(update_fields=["password"])
    gangnam = Provider.objects.filter(source_id=GANGNAM_OPERATOR).first()
    if gangnam is not None:
        provider_member_add(provider=gangnam, user=staff, role="admin", by=None)
    accounts.append(("provider staff, Gangnam-gu", "gangnam@demo.learningcity", staff_pw))
    office = User.objects.get(email="office@demo.learningcity")
    office.set_password(office_pw)
    office.save(update_fields=["password"])
    path.write_text("# Demo accounts (generated; delete this file to get new passwords)\n"
                    + "".join(f"{role}\t{email}\t{pw}\n" for role, email, pw in accounts))
    path.chmod(0o600)
    return accounts


class Command(BaseCommand):
    help = "Set up everything and serve the demo city (Seoul) at http://127.0.0.1:8000."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--no-serve", action="store_true", help="Prepare everything, then stop.")
        parser.add_argument("--workers", type=int, default=0)

    def handle(self, *args, host: str, port: int, no_serve: bool, workers: int, **options):
        started = time.monotonic()
        if not no_serve and not _port_free(host, port):
            raise CommandError(f"Port {port} on {host} is in use. Stop what uses it, or run "
                               f"`learningcity demo --port {port + 1}`.")
        console.print(f"[bold]Learning City demo[/bold]: {settings.CITY_NAME}, data in {settings.VAR_DIR}")
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            console.print(f"Setting up the database ({len(pending)} migrations)…")
            call_command("migrate", verbosity=0)
            call_command("createcachetable", verbosity=0)
        call_command("compile_translations", quiet=True)
        if demo_city_loaded():
            console.print("Demo city already loaded.")
        else:
            console.print("Loading the demo city from real open data (about 15 seconds)…")
            with progress_bar() as update:
                reports = load_demo_city(progress=update)
            for report in reports:
                console.print(f"  {report.summary()}")
                for issue in report.rejected:
                    console.print(f"  [red]rejected[/red] {issue}")
        accounts = ensure_demo_accounts(Path(settings.VAR_DIR))
        for hook in ("search",):  # apps that build derived state after a load
            if hook in get_commands():
                call_command(hook, "catch-up")
        console.print(f"Ready in {time.monotonic() - started:.1f} s.")
        console.print("Demo accounts (also in var/demo-accounts.txt):")
        for role, email, password in accounts:
            console.print(f"  {role:<28} {email:<28} {password}")
        if no_serve:
            return
        call_command("serve", host=host, port=port, workers=workers, threads=1, no_collectstatic=False,
                     access_log=False)
