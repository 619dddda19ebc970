"""`learningcity search rebuild|catch-up|status|follow`: look after this server's search index.

- `rebuild`: a new index from the database (progress bar), switched to when complete.
- `catch-up`: apply what the outbox holds since the index's position (rebuilding an unusable index first).
- `status`: documents, outbox position and lag, files, the numbering of facet values.
- `follow`: follow the outbox in the foreground (for deployments that run the follower as its own process;
  otherwise a worker of `learningcity serve` does it).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from learningcity.core.progress import console, progress_bar
from learningcity.search import indexer, selectors


class Command(BaseCommand):
    help = "Look after the search index: rebuild, catch-up, status, follow."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["rebuild", "catch-up", "catch_up", "status", "follow"])
        parser.add_argument("--quiet", action="store_true", help="No progress bar.")

    def handle(self, *args, action: str, quiet: bool = False, **options):
        action = action.replace("_", "-")
        if action == "rebuild":
            with progress_bar(quiet) as update:
                report = indexer.index_rebuild(progress=update)
            console.print(f"Search index rebuilt: {report.documents:,} runs in {report.seconds:.1f} s, "
                          f"{report.size_bytes / 1e6:.1f} MB, outbox position {report.outbox_id} "
                          f"({report.generation}).")
        elif action == "catch-up":
            with progress_bar(quiet) as update:
                report = indexer.index_catch_up(progress=update)
            if report.followed_elsewhere:
                console.print("A running server process is following the outbox; it keeps the index current.")
            else:
                if report.rebuilt:
                    console.print(f"The index was missing or unusable: rebuilt {report.rebuilt.documents:,} runs "
                                  f"in {report.rebuilt.seconds:.1f} s.")
                console.print(f"Search index current: {report.events:,} events applied "
                              f"({report.runs:,} runs re-read), outbox position {report.outbox_id}.")
        elif action == "status":
            self._status()
        else:
            console.print("Following the outbox (Ctrl-C stops).")
            try:
                while True:
                    report = indexer.index_catch_up(wait=indexer.LOCK_RETRY_SECONDS)
                    if report.followed_elsewhere:
                        time.sleep(indexer.LOCK_RETRY_SECONDS)
                        continue
                    self._follow_holding_lock()
            except KeyboardInterrupt:
                console.print("Stopped.")

    def _follow_holding_lock(self) -> None:
        from learningcity.search.store import file_lock

        with file_lock("follower.lock", wait=indexer.LOCK_RETRY_SECONDS) as held:
            if not held:
                return
            follower = indexer.Follower()
            try:
                follower.ensure_usable()
                while True:
                    events, runs = follower.catch_up()
                    if events:
                        console.print(f"applied {events} events ({runs} runs), position {follower.state.outbox_id}")
                    time.sleep(indexer.POLL_SECONDS)
            finally:
                follower.close()

    def _status(self) -> None:
        info = selectors.index_status()
        if not info.get("usable"):
            raise CommandError(f"{info.get('problem')} Run `learningcity search rebuild`.")
        rows = [
            ("directory", info["directory"]),
            ("generation", info["generation"]),
            ("runs indexed", f"{info['documents']:,}"),
            ("segments", info["segments"]),
            ("size", f"{info['size_bytes'] / 1e6:.1f} MB"),
            ("outbox position", info["outbox_id"]),
            ("catalogue events not applied yet", info["events_behind"]),
            ("outbox ids awaited (in-flight transactions)", info["pending_gaps"]),
            ("facet values numbered", f"{info['facet_bits_used']} of {info['facet_bits_capacity']}"
                                      + (" (full: distance searches count facets with aggregations, more slowly)"
                                         if info["facet_bits_full"] else "")),
            ("built", info["built_at"]),
            ("last applied", info["applied_at"]),
        ]
        for name, value in rows:
            console.print(f"{name:<45} {value}")
