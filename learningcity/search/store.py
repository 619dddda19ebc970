"""Where the index lives on disk, who may write it, and how every process reads the newest commit.

Layout of `settings.SEARCH_DIR` (one per app server; never shared between servers):

    CURRENT           name of the live generation, replaced atomically (write + rename)
    writer.lock       flock held by the one process that writes (the follower, a catch-up or a rebuild)
    rebuild.lock      flock serialising full rebuilds
    gen-<time>/       a tantivy index: one full build plus the changes applied since

A rebuild writes a new generation beside the live one and switches CURRENT when it is complete, so
searches never see half an index. Readers (every worker process) keep one open index per process and
reload when CURRENT or the generation's `meta.json` changes: an `os.stat` per search, no timers, nothing
only one process knows.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterator

import orjson
import tantivy
from django.conf import settings

from learningcity.search.analysis import register_analyzers
from learningcity.search.bits import FacetBits
from learningcity.search.schema import SCHEMA, SCHEMA_VERSION


class IndexUnavailable(Exception):
    """No usable index yet (first start, or being rebuilt): the caller says so and asks to retry."""


def search_dir() -> Path:
    path = Path(settings.SEARCH_DIR)
    path.mkdir(parents=True, exist_ok=True)
    return path


_current_cache: tuple[str, tuple, Path | None] | None = None


def current_generation() -> Path | None:
    """The live generation, re-read only when the CURRENT file changed (one stat per call)."""
    global _current_cache
    pointer = os.path.join(str(settings.SEARCH_DIR), "CURRENT")
    try:
        st = os.stat(pointer)
    except FileNotFoundError:
        return None
    signature = (st.st_ino, st.st_mtime_ns, st.st_size)
    cached = _current_cache
    if cached is not None and cached[0] == pointer and cached[1] == signature:
        return cached[2]
    try:
        with open(pointer) as handle:
            name = handle.read().strip()
    except FileNotFoundError:
        return None
    path = Path(settings.SEARCH_DIR) / name
    found = path if name and path.is_dir() else None
    _current_cache = (pointer, signature, found)
    return found


def set_current(generation: Path) -> None:
    tmp = search_dir() / f"CURRENT.{os.getpid()}.tmp"
    tmp.write_text(generation.name)
    os.replace(tmp, search_dir() / "CURRENT")


def new_generation_path() -> Path:
    return search_dir() / f"gen-{time.time_ns()}"


def _stamp(path: Path) -> int:
    try:
        return int(path.name.split("-", 1)[1])
    except (IndexError, ValueError):
        return 0


def remove_old_generations(keep: Path) -> None:
    """Delete generations older than `keep` (a newer one may be a rebuild in progress). Readers that still
    have old files open keep them until they reopen (POSIX unlink semantics)."""
    for path in search_dir().glob("gen-*"):
        if path.is_dir() and _stamp(path) < _stamp(keep):
            shutil.rmtree(path, ignore_errors=True)


def open_index(path: Path, *, create: bool = False) -> tantivy.Index:
    """Open an existing index (its own stored schema) or create an empty one with ours."""
    if create:
        path.mkdir(parents=True, exist_ok=True)
        index = tantivy.Index(SCHEMA, path=str(path), reuse=False)
    else:
        index = tantivy.Index.open(str(path))
    register_analyzers(index)
    return index


# ---- the writer lock ------------------------------------------------------------------------------------

@contextmanager
def file_lock(name: str, *, wait: float | None) -> Iterator[bool]:
    """Hold an exclusive flock on SEARCH_DIR/<name>. `wait=None` blocks; 0 tries once. Yields whether held.

    flock locks belong to the open file, so two threads of one process exclude each other as two processes
    do, and the kernel frees the lock when its holder dies (a killed worker never leaves a stale lock).
    """
    handle = open(search_dir() / name, "a+")
    held = False
    try:
        deadline = None if wait is None else time.monotonic() + wait
        while True:
            try:
                fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                held = True
                break
            except BlockingIOError:
                if deadline is not None and time.monotonic() >= deadline:
                    break
                time.sleep(0.05)
        yield held
    finally:
        if held:
            fcntl.flock(handle, fcntl.LOCK_UN)
        handle.close()


# ---- meta: what the index has applied -------------------------------------------------------------------

@dataclass
class IndexState:
    """Stored in the index's meta document, committed with the documents it describes."""

    schema: int = SCHEMA_VERSION
    outbox_id: int = 0  # every event up to here is applied (except those still listed in gaps)
    gaps: dict[str, float] | None = None  # outbox ids not yet visible when later ones were: id → first seen
    built_at: float = 0.0
    applied_at: float = 0.0
    documents: int = 0
    facet_bits: dict | None = None  # which bit of each facet's number stands for which value (`bits`)

    def to_json(self) -> bytes:
        return orjson.dumps(self.__dict__)

    @classmethod
    def from_json(cls, raw: bytes) -> "IndexState":
        data = orjson.loads(raw)
        return cls(**{k: v for k, v in data.items() if k in cls.__dataclass_fields__})


META_QUERY = tantivy.Query.term_query(SCHEMA, "doc", "meta")


def read_state(searcher: tantivy.Searcher) -> IndexState | None:
    hits = searcher.search(META_QUERY, 1).hits
    if not hits:
        return None
    card = searcher.doc(hits[0][1]).get_first("card")
    return IndexState.from_json(card) if card else None


def meta_document(state: IndexState) -> tantivy.Document:
    return tantivy.Document.from_dict({"doc": "meta", "card": state.to_json()}, SCHEMA)


# ---- readers: one open index per process, reloaded when a commit lands ----------------------------------

@dataclass
class Reader:
    index: tantivy.Index
    generation: Path
    signature: tuple
    state: IndexState
    bits: FacetBits | None = None  # the state's numbering of facet values, read once per commit


_reader: Reader | None = None
_reader_lock = threading.Lock()


def _signature(generation: Path) -> tuple:
    st = os.stat(os.path.join(str(generation), "meta.json"))
    return (str(generation), st.st_ino, st.st_mtime_ns, st.st_size)


def reader() -> Reader:
    """The newest committed index for this process. Raises IndexUnavailable if there is none usable."""
    global _reader
    generation = current_generation()
    if generation is None:
        raise IndexUnavailable("The search index has not been built yet.")
    try:
        signature = _signature(generation)
    except FileNotFoundError:
        raise IndexUnavailable("The search index is being replaced.") from None
    current = _reader
    if current is not None and current.signature == signature:
        return current
    with _reader_lock:
        current = _reader
        if current is not None and current.signature == signature:
            return current
        try:
            if current is not None and current.generation == generation:
                index = current.index
                index.reload()
            else:
                index = open_index(generation)
                index.config_reader(reload_policy="manual")
            state = read_state(index.searcher())
        except (ValueError, OSError) as exc:
            raise IndexUnavailable(f"The search index cannot be read ({exc}); it will be rebuilt.") from exc
        if state is None or state.schema != SCHEMA_VERSION:
            raise IndexUnavailable("The search index is from another version; it will be rebuilt.")
        _reader = Reader(index=index, generation=generation, signature=signature, state=state,
                         bits=FacetBits.from_state(state.facet_bits))
        return _reader


def forget_reader() -> None:
    """Drop this process's open index (tests that point SEARCH_DIR elsewhere)."""
    global _reader, _current_cache
    with _reader_lock:
        _reader = None
        _current_cache = None


def index_files_size(generation: Path) -> int:
    return sum(p.stat().st_size for p in generation.rglob("*") if p.is_file())


def describe() -> dict[str, Any]:
    """What `search status` shows about the files (the state comes from `reader()`)."""
    generation = current_generation()
    return {
        "directory": str(search_dir()),
        "generation": generation.name if generation else None,
        "size_bytes": index_files_size(generation) if generation else 0,
    }
