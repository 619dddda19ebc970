"""Writes to the index (the search app's services): full rebuild, catch-up from the outbox, the follower.

The database is the source of truth. The index follows the `core.DomainEvent` outbox: catalogue services emit
`catalogue.{opportunity,run,venue,provider}.*` in the transaction of the change, and the follower turns each
event into "re-read these runs from the database and replace their documents". Re-reading makes applying an
event idempotent, so catching up from any earlier point is always safe.

Several processes, one writer per index directory:
- `follower.lock` elects the follower: one process per server (a gunicorn worker's background thread, or
  `learningcity search follow`). Only it writes the live generation. If it dies the kernel frees the lock and
  another worker takes over within `LOCK_RETRY_SECONDS`.
- `rebuild.lock` serialises rebuilds, which write a new generation and switch to it (`writer.lock` makes the
  switch wait for a follower batch in progress).
- The position in the outbox is committed inside the index (the meta document), so it is never ahead of or
  behind the documents, and every server keeps its own.

PostgreSQL commits transactions out of id order (a sequence number is taken at insert, visible at commit), so
an id can appear after a higher one was read. Missing ids are remembered as gaps and looked up again for
`GAP_WAIT_SECONDS`; on SQLite writers are serialised and gaps only come from rolled-back transactions.
"""

from __future__ import annotations

import gc
import logging
import os
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

import tantivy
from django.conf import settings
from django.db import close_old_connections, connection
from django.db.models import Max

from learningcity.catalogue.models import OpportunityRun
from learningcity.core.models import DomainEvent
from learningcity.search import store
from learningcity.search.bits import FacetBits
from learningcity.search.documents import Lookups, build_documents, iter_rows, iter_rows_by_place, public_run_ids
from learningcity.search.schema import SCHEMA
from learningcity.search.store import IndexState, IndexUnavailable, file_lock, meta_document, read_state

logger = logging.getLogger("learningcity.search")

EVENT_PREFIX = "catalogue."
IGNORED_EVENTS = {"catalogue.provider.member_added", "catalogue.provider.member_removed"}
POLL_SECONDS = 0.1
LOCK_RETRY_SECONDS = 1.0
GAP_WAIT_SECONDS = 300.0
GAP_WINDOW = 200
EVENT_BATCH = 1000
FOLLOWER_HEAP = 64_000_000
REBUILD_HEAP = 768_000_000
# One indexing thread for a rebuild: a million runs then make one segment, and every search opens each of
# its terms once per segment (the term sets of a distance search most of all: p50 1.71 -> 1.33 ms at a
# million, against two threads' two segments). The thread keeps up with the Python side that makes the
# documents, so the build is not slower for it (78.0 s with two threads, 72.8 s with one, same machine).
REBUILD_THREADS = 1
Progress = Callable[[str, int, int], None]


def _no_progress(task: str, done: int, total: int) -> None:
    return None


@dataclass
class RebuildReport:
    documents: int
    seconds: float
    generation: str
    size_bytes: int
    outbox_id: int


@dataclass
class CatchUpReport:
    events: int = 0
    runs: int = 0
    rebuilt: RebuildReport | None = None
    outbox_id: int = 0
    followed_elsewhere: bool = False


def _to_document(doc: dict) -> tantivy.Document:
    return tantivy.Document.from_dict(doc, SCHEMA)


def outbox_position() -> tuple[int, dict[str, float]]:
    """The last outbox id now, and the ids below it not visible yet (transactions still in flight)."""
    high = DomainEvent.objects.aggregate(m=Max("id"))["m"] or 0
    low = max(high - GAP_WINDOW, 0)
    seen = set(DomainEvent.objects.filter(id__gt=low, id__lte=high).values_list("id", flat=True))
    now = time.time()
    return high, {str(i): now for i in range(low + 1, high + 1) if i not in seen}


# ---- full rebuild ---------------------------------------------------------------------------------------

@contextmanager
def _collector_paused() -> Iterator[None]:
    """Python's cycle collector off while a rebuild runs. A rebuild makes millions of short-lived dicts and
    lists, none of them in a cycle, and each few hundred allocations made the collector walk every object
    still alive (the window of rows being sorted among them): a fifth of a rebuild's time at a million
    runs. Turned back on (if it was on) when the rebuild ends, however it ends."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def index_rebuild(*, progress: Progress = _no_progress, heap: int = REBUILD_HEAP, threads: int = REBUILD_THREADS,
                  batch: int = 5000) -> RebuildReport:
    """Build a new generation from the database and switch to it. Searches keep using the old one until then."""
    started = time.monotonic()
    with file_lock("rebuild.lock", wait=None):
        # The outbox position is read before the data: anything committed later is applied again by the
        # follower (idempotent), so nothing falls between the snapshot and the switch.
        high, gaps = outbox_position()
        path = store.new_generation_path()
        index = store.open_index(path, create=True)
        writer = index.writer(heap_size=heap, num_threads=threads)
        lookups = Lookups()
        lookups.preload_topics()
        lookups.start_numbering()
        # The bar's total is every run, public or not: counting the public ones is a join over all runs
        # (4 s at a million, a twentieth of the rebuild), and the bar ends at the true count anyway.
        total = OpportunityRun.objects.count()
        done = 0
        progress("search index", 0, total)
        with _collector_paused():
            for rows in iter_rows_by_place(public_run_ids(), batch=batch):
                for doc in build_documents(rows, lookups):
                    writer.add_document(_to_document(doc))
                done += len(rows)
                progress("search index", done, max(total, done))
        progress("search index", done, done)
        now = time.time()
        writer.add_document(meta_document(IndexState(outbox_id=high, gaps=gaps, built_at=now, applied_at=now,
                                                     documents=done, facet_bits=lookups.bits.to_state())))
        writer.commit()
        writer.wait_merging_threads()
        del writer, index
        with file_lock("writer.lock", wait=None):
            store.set_current(path)
        # A running follower switches to the new generation and deletes the old ones itself (it may still
        # have a writer open on them); without one, clean up now.
        with file_lock("follower.lock", wait=0) as no_follower:
            if no_follower:
                store.remove_old_generations(keep=path)
    return RebuildReport(documents=done, seconds=time.monotonic() - started, generation=path.name,
                         size_bytes=store.index_files_size(path), outbox_id=high)


# ---- following the outbox -------------------------------------------------------------------------------

def runs_affected(events: Iterable[DomainEvent]) -> set[int]:
    """The runs whose documents an event may change (re-read from the database, so the event's exact kind
    does not matter)."""
    run_ids: set[int] = set()
    opportunity_ids: set[int] = set()
    venue_ids: set[int] = set()
    provider_ids: set[int] = set()
    for event in events:
        if event.name in IGNORED_EVENTS or not event.name.startswith(EVENT_PREFIX):
            continue
        p = event.payload or {}
        if p.get("run_id"):
            run_ids.add(int(p["run_id"]))
        run_ids.update(int(i) for i in p.get("run_ids") or [])
        if event.name.startswith("catalogue.opportunity.") and p.get("opportunity_id"):
            opportunity_ids.add(int(p["opportunity_id"]))
        if p.get("venue_id"):
            venue_ids.add(int(p["venue_id"]))
        if event.name.startswith("catalogue.provider.") and p.get("provider_id"):
            provider_ids.add(int(p["provider_id"]))
    runs = OpportunityRun.objects
    if opportunity_ids:
        run_ids.update(runs.filter(opportunity_id__in=opportunity_ids).values_list("id", flat=True))
    if venue_ids:
        run_ids.update(runs.filter(venue_id__in=venue_ids).values_list("id", flat=True))
    if provider_ids:
        run_ids.update(runs.filter(opportunity__provider_id__in=provider_ids).values_list("id", flat=True))
    return run_ids


def reindex_runs(writer: tantivy.IndexWriter, run_ids: set[int], lookups: Lookups, chunk: int = 1000) -> None:
    """Replace the documents of these runs with what the database says now (none if no longer public)."""
    ordered = sorted(run_ids)
    for start in range(0, len(ordered), chunk):
        part = ordered[start:start + chunk]
        writer.delete_documents_by_query(tantivy.Query.term_set_query(SCHEMA, "run_id", part))
        for rows in iter_rows(public_run_ids(run_ids=part)):
            for doc in build_documents(rows, lookups):
                writer.add_document(_to_document(doc))


class Follower:
    """Applies the outbox to the live generation. Only the holder of follower.lock creates one."""

    def __init__(self) -> None:
        self.generation = None
        self.index: tantivy.Index | None = None
        self.writer: tantivy.IndexWriter | None = None
        self.state = IndexState()
        self.dirty = False  # the position moved on over unrelated events and is not committed yet
        self.dirty_since: float | None = None

    # The live generation may be replaced by a rebuild at any time: check before each batch.
    def _open(self) -> None:
        generation = store.current_generation()
        if generation is not None and generation == self.generation and self.writer is not None:
            return
        self.close()
        if generation is None:
            raise IndexUnavailable("no index")
        index = store.open_index(generation)
        index.config_reader(reload_policy="manual")
        state = read_state(index.searcher())
        if state is None or state.schema != IndexState().schema:
            raise IndexUnavailable("index of another version")
        self.writer = index.writer(heap_size=FOLLOWER_HEAP, num_threads=1)
        self.index, self.generation, self.state = index, generation, state
        store.remove_old_generations(keep=generation)

    def close(self) -> None:
        if self.writer is not None:
            try:
                self.writer.wait_merging_threads()
            except Exception:  # noqa: BLE001  (a writer whose directory went away)
                logger.exception("search: closing the index writer failed")
        self.writer = self.index = self.generation = None

    def ensure_usable(self, progress: Progress = _no_progress) -> RebuildReport | None:
        """Open the live generation; rebuild from the database if it is missing, corrupt or outdated."""
        try:
            self._open()
            return None
        except (IndexUnavailable, ValueError, OSError) as exc:
            logger.warning("search: index not usable (%s); rebuilding from the database", exc)
        self.close()
        report = index_rebuild(progress=progress)
        self._open()
        return report

    def step(self, *, limit: int = EVENT_BATCH) -> tuple[int, int, bool]:
        """Apply what is new in the outbox (one batch): (events applied, runs re-indexed, more to read)."""
        with file_lock("writer.lock", wait=None):
            self._open()
            state = self.state
            ids = list(DomainEvent.objects.filter(id__gt=state.outbox_id).order_by("id")
                       .values_list("id", flat=True)[:limit])
            gaps = dict(state.gaps or {})
            now = time.time()
            expected = state.outbox_id + 1
            for i in ids:  # ids skipped over may belong to transactions not committed yet
                if i > expected:
                    # A transaction still in flight holds an id just below the ones now visible; ids far below
                    # belong to rolled-back work, so the window is the one nearest the new id.
                    for missing in range(max(expected, i - GAP_WINDOW), i):
                        gaps.setdefault(str(missing), now)
                expected = i + 1
            wanted = set(ids)
            found_gaps: list[int] = []
            if gaps:
                found_gaps = list(DomainEvent.objects.filter(id__in=[int(g) for g in gaps]).values_list("id", flat=True))
                wanted.update(found_gaps)
                for g in found_gaps:
                    gaps.pop(str(g), None)
            gaps = {k: v for k, v in gaps.items() if now - v < GAP_WAIT_SECONDS}
            events = list(DomainEvent.objects.filter(id__in=wanted, name__startswith=EVENT_PREFIX).order_by("id"))
            high = ids[-1] if ids else state.outbox_id
            more = len(ids) == limit
            if not events and gaps == (state.gaps or {}) and high == state.outbox_id:
                return 0, 0, False
            if not events and gaps.keys() == (state.gaps or {}).keys() and not self._due():
                # Only unrelated events: remember the position, commit it now and then.
                self.state.outbox_id, self.state.gaps, self.dirty = high, gaps, True
                return 0, 0, more
            run_ids = runs_affected(events)
            assert self.writer is not None
            # The index's numbering of facet values, extended by any value met for the first time and
            # committed with the documents that use it.
            lookups = Lookups(bits=FacetBits.from_state(state.facet_bits))
            reindex_runs(self.writer, run_ids, lookups)
            self._commit(IndexState(outbox_id=high, gaps=gaps, built_at=state.built_at, applied_at=now,
                                    facet_bits=lookups.bits.to_state() if lookups.bits else None))
            if events:
                # How far behind the database the index was: from the oldest event's write to this commit.
                logger.info("search: applied %d events (%d runs) up to outbox #%d, %.0f ms after the first was "
                            "written", len(events), len(run_ids), high,
                            (time.time() - events[0].at.timestamp()) * 1000)
            return len(events), len(run_ids), more

    def _commit(self, state: IndexState) -> None:
        assert self.writer is not None
        self.writer.delete_documents_by_query(store.META_QUERY)
        self.writer.add_document(meta_document(state))
        self.writer.commit()
        self.state, self.dirty, self.dirty_since = state, False, None

    def flush(self) -> None:
        """Commit a position that moved over unrelated events only (a command's catch-up ends with it)."""
        if self.dirty and self.writer is not None:
            with file_lock("writer.lock", wait=None):
                self._commit(IndexState(outbox_id=self.state.outbox_id, gaps=self.state.gaps,
                                        built_at=self.state.built_at, applied_at=time.time(),
                                        facet_bits=self.state.facet_bits))

    def _due(self) -> bool:
        if self.dirty_since is None:
            self.dirty_since = time.monotonic()
        return time.monotonic() - self.dirty_since > 30

    def catch_up(self) -> tuple[int, int]:
        events = runs = 0
        while True:
            e, r, more = self.step()
            events, runs = events + e, runs + r
            if not more:
                return events, runs


def index_catch_up(*, wait: float = 10.0, progress: Progress = _no_progress) -> CatchUpReport:
    """Bring this server's index up to date now (rebuilding it if unusable). A command or a test calls this;
    if a server process is already following the outbox, that process does the work and this returns."""
    report = CatchUpReport()
    with file_lock("follower.lock", wait=wait) as held:
        if not held:
            report.followed_elsewhere = True
            return report
        follower = Follower()
        try:
            report.rebuilt = follower.ensure_usable(progress)
            report.events, report.runs = follower.catch_up()
            follower.flush()
            report.outbox_id = follower.state.outbox_id
        finally:
            follower.close()
    store.forget_reader()
    return report


# ---- the follower thread (one per process; the one holding the lock works) ------------------------------

_thread: threading.Thread | None = None
_thread_pid: int | None = None
_wake = threading.Event()
_first_step = threading.Event()
_stop = threading.Event()
_start_lock = threading.Lock()


def wake_follower(event=None) -> None:
    """After a catalogue change commits in this process: apply it now rather than at the next poll."""
    _wake.set()


def _follow(stop: threading.Event) -> None:
    while not stop.is_set():
        try:
            with file_lock("follower.lock", wait=0) as held:
                if not held:
                    _first_step.set()  # another process follows: its commits reach us through the files
                    stop.wait(LOCK_RETRY_SECONDS)
                    continue
                follower = Follower()
                try:
                    follower.ensure_usable()
                    while not stop.is_set():
                        follower.catch_up()
                        _first_step.set()
                        _wake.wait(POLL_SECONDS)
                        _wake.clear()
                        close_old_connections()
                finally:
                    follower.close()
        except Exception:  # noqa: BLE001  (keep following: the database or disk may come back)
            logger.exception("search: following the outbox failed; retrying")
            _first_step.set()
            connection.close()
            stop.wait(LOCK_RETRY_SECONDS)
    connection.close()


FOLLOW_IN_TESTS = False  # tests of the thread itself turn it on; other tests call index_catch_up() instead


def follower_enabled() -> bool:
    return FOLLOW_IN_TESTS or not getattr(settings, "TESTING", False)


def ensure_follower(*, wait: float = 5.0) -> None:
    """Start this process's follower thread once (after a fork too). The first call waits, briefly, for the
    first catch-up, so a fresh worker does not answer from an index that is behind."""
    global _thread, _thread_pid
    if not follower_enabled():
        return
    if _thread is None or _thread_pid != os.getpid() or not _thread.is_alive():
        with _start_lock:
            if _thread is None or _thread_pid != os.getpid() or not _thread.is_alive():
                _first_step.clear()
                _stop.clear()
                _thread = threading.Thread(target=_follow, args=(_stop,), name="search-follower", daemon=True)
                _thread_pid = os.getpid()
                _thread.start()
    if not _first_step.is_set():
        _first_step.wait(wait)


def stop_follower(timeout: float = 5.0) -> None:
    global _thread
    _stop.set()
    _wake.set()
    if _thread is not None:
        _thread.join(timeout)
    _thread = None
