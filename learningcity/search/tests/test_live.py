"""With the real server (gunicorn, two worker processes, its own database): a change published through the
catalogue services in another process is searchable within a second, and gone within a second of archiving.

The change is made by `learningcity shell` (a third process); the time is taken when its transaction has
committed, and the API is asked until the answer changes. The workers follow the outbox on their own: no
test hook, no shared memory.
"""

import json
import threading
import time
import urllib.parse
import urllib.request


PUBLISH = """
import time
from learningcity.catalogue.models import Provider
from learningcity.testing import factories
gangnam = Provider.objects.get(source_id="kr-operator:서울특별시 강남구청")
o = factories.opportunity(provider=gangnam, title="{title}")
factories.run(opportunity=o)
print(o.pk, time.time())
"""
ARCHIVE = """
import time
from learningcity.catalogue.models import Opportunity
from learningcity.catalogue.services import opportunity_archive
opportunity_archive(opportunity=Opportunity.objects.get(pk={pk}), by=None)
print(time.time())
"""


def _total(base_url: str, q: str) -> int:
    url = f"{base_url}/api/v1/search?" + urllib.parse.urlencode({"q": q, "facets": "0"})
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())["total"]


def _change_and_watch(live_city, script: str, q: str, want: int) -> tuple[str, float]:
    """Run `script` in another process while asking the API; return (its output, seconds from its commit to
    the first answer showing the change)."""
    outcome: dict = {}
    worker = threading.Thread(target=lambda: outcome.update(out=live_city.manage("shell", "-c", script)))
    worker.start()
    seen_at = None
    deadline = time.time() + 120
    while seen_at is None and time.time() < deadline:
        asked = time.time()
        if _total(live_city.base_url, q) == want:
            seen_at = asked  # the request was sent after the change became visible, or just before
        else:
            time.sleep(0.01)
    worker.join()
    assert seen_at is not None, "search never showed the change"
    out = outcome["out"].strip().splitlines()[-1]
    committed = float(out.split()[-1])
    return out, seen_at - committed


def test_publish_and_archive_reflected_within_a_second(live_city):
    """Three rounds; the best of them must be within a second (a machine shared with other work can stall
    any one process for a moment) and every one within five."""
    for _ in range(4):  # every worker answers once, so each has its follower thread running
        _total(live_city.base_url, "warm-up")
    published, archived = [], []
    for _round in range(3):
        word = f"tightrope{time.time_ns()}"
        out, delay = _change_and_watch(live_city, PUBLISH.format(title=f"Walking the {word}"), word, 1)
        published.append(delay)
        _out, delay = _change_and_watch(live_city, ARCHIVE.format(pk=out.split()[0]), word, 0)
        archived.append(delay)
    report = f"published → searchable: {published}; archived → gone: {archived} (seconds)"
    assert min(published) <= 1.0 and min(archived) <= 1.0, report
    assert max(published + archived) <= 5.0, report
