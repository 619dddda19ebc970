"""`learningcity serve` builds the production server's command line for gunicorn or granian, and refuses an
unknown server before collecting static files or starting anything. (Both servers run for real in the LRS
kill test and the browser tests; here only the choice and its flags.)"""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from learningcity.platform.management.commands import serve


def test_gunicorn_keeps_connections_alive_only_with_threads():
    sync = serve.gunicorn_argv(host="127.0.0.1", port=8000, workers=3, threads=1, access_log=False)
    threaded = serve.gunicorn_argv(host="0.0.0.0", port=9000, workers=2, threads=4, access_log=True)
    assert sync[sync.index("--worker-class") + 1] == "sync"
    assert threaded[threaded.index("--worker-class") + 1] == "gthread"
    assert "0.0.0.0:9000" in threaded and "--access-logfile" in threaded
    assert sync[-1] != "-" and "--timeout" in sync


def test_granian_serves_the_same_wsgi_application_with_respawned_workers():
    argv = serve.granian_argv(host="127.0.0.1", port=8001, workers=2, threads=1, access_log=True)
    assert argv[-1] == serve.APPLICATION
    assert argv[argv.index("--interface") + 1] == "wsgi"
    assert argv[argv.index("--workers") + 1] == "2" and argv[argv.index("--blocking-threads") + 1] == "1"
    assert "--respawn-failed-workers" in argv and "--access-log" in argv
    assert argv[0].endswith("granian")


def test_an_unknown_server_is_refused_with_the_choices(monkeypatch):
    monkeypatch.setenv("LEARNINGCITY_SERVER", "uwsgi")
    with pytest.raises(CommandError, match="gunicorn, granian"):
        call_command("serve")
