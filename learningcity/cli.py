"""`learningcity`: the one command-line entry point.

Every Django management command is a subcommand (`learningcity migrate`), with dashes allowed for
underscores (`learningcity load-demo` runs `load_demo`). The platform's own commands live in each app's
`management/commands/`: `demo`, `serve`, `load-demo`, `search rebuild`, `import`, `monitoring compute`, ...

Before anything runs, `var/secrets.env` (written by `learningcity demo`) is read into the environment
unless a value is already set there, so a demo needs no hand-made configuration.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def load_secrets_file() -> None:
    from learningcity.config.env import env

    path = Path(env("LEARNINGCITY_VAR_DIR")) / "secrets.env"
    if not path.exists():
        return
    for line in path.read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, value = line.split("=", 1)
            os.environ.setdefault(key.strip(), value.strip())


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "learningcity.config.settings")
    if len(argv) > 1 and not argv[1].startswith("-"):
        argv[1] = argv[1].replace("-", "_")
    if len(argv) > 1 and argv[1] == "demo":
        # The demo generates its own secrets before settings are read.
        from learningcity.core.secrets import ensure_secrets_file

        ensure_secrets_file()
    load_secrets_file()
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
