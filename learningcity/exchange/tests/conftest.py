"""Exchange test helpers: fixture paths, a small HTTP server for feeds, and a stand-in venue for Helsinki."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
HELSINKI = FIXTURES / "helsinki" / "linkedcourses_kulke_annantalo_2019-12.json"


class FeedServer:
    """Serves canned responses by path+query: routes["/feed?afterTimestamp=1&afterId=2"] = (status, body)."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, bytes]] = {}
        self.requests: list[str] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802
                server.requests.append(self.path)
                status, body = server.routes.get(self.path, (404, b'{"error": "not found"}'))
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    def page(self, path: str, fixture: str | dict, status: int = 200) -> None:
        text = (FIXTURES / "rpde" / f"{fixture}.json").read_text() if isinstance(fixture, str) else json.dumps(fixture)
        self.routes[path] = (status, text.replace("{base}", self.base).encode())

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def feed_server():
    server = FeedServer()
    yield server
    server.stop()


@pytest.fixture
def annantalo_stand_in(db):
    """A venue registered under Annantalo's Linked Events place id. The demo city is Seoul, so this is a test
    stand-in placed in Jung-gu (synthetic): it shows what happens once a city has registered the place."""
    from learningcity.catalogue import services
    from learningcity.core.models import District

    return services.venue_upsert(source_id="linkedevents-place:tprek:7254", by=None, name="Annantalo (test stand-in)",
                                 district=District.objects.get(name_ko="중구"), latitude=None, longitude=None).obj


@pytest.fixture
def maker_space(db):
    from learningcity.testing import factories

    return factories.provider(name="Seongbuk Maker Space (test)")
