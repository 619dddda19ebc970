"""Reading what an importer is given: a local file or an http(s) URL, with a size limit and clear errors.

Everything an importer reads passes through `read_bytes` (so a gigantic file or a slow server fails early
with a message a person can act on) and text through `decode_text` (UTF-8 with or without BOM, UTF-16 with
BOM as Excel writes it, or the CP949 Korean portals often serve).
"""

from __future__ import annotations

import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

DEFAULT_MAX_BYTES = 50 * 1024 * 1024
TIMEOUT_S = 30
USER_AGENT = "LearningCity-importer/1 (+https://github.com/learningcity)"


class SourceError(Exception):
    """The source cannot be read at all: nothing is imported and the message says what to do."""


@dataclass
class Fetched:
    name: str  # shown in reports: the file name or the URL
    data: bytes
    content_type: str = ""


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def _megabytes(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB"


def read_bytes(location: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = TIMEOUT_S) -> Fetched:
    if is_url(location):
        return fetch_url(location, max_bytes=max_bytes, timeout=timeout)
    path = Path(location)
    if not path.exists():
        raise SourceError(f"{location}: no such file. Check the path (or give an http(s):// URL).")
    if path.is_dir():
        raise SourceError(f"{location} is a folder; give one file.")
    size = path.stat().st_size
    if size > max_bytes:
        raise SourceError(
            f"{path.name} is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit. Split it into smaller "
            "files, or raise the limit with --max-size if the server has the memory for it."
        )
    return Fetched(path.name, path.read_bytes())


def fetch_url(url: str, *, max_bytes: int = DEFAULT_MAX_BYTES, timeout: float = TIMEOUT_S,
              accept: str = "*/*") -> Fetched:
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": accept})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310 (http(s) only, checked)
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise SourceError(f"{url} announces {_megabytes(int(declared))}, over the "
                                  f"{_megabytes(max_bytes)} limit.")
            data = response.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise SourceError(f"{url} sent more than {_megabytes(max_bytes)}; stopped reading.")
            return Fetched(url, data, response.headers.get("Content-Type", ""))
    except urllib.error.HTTPError as exc:
        raise SourceError(f"{url} answered HTTP {exc.code} {exc.reason}. Try again later or ask the publisher.")
    except urllib.error.URLError as exc:
        raise SourceError(f"{url} could not be reached ({exc.reason}). Check the address and the network.")
    except TimeoutError:
        raise SourceError(f"{url} did not answer within {timeout:.0f} s.")


def decode_text(fetched: Fetched) -> str:
    raw = fetched.data
    if raw.startswith(b"PK\x03\x04"):
        raise SourceError(f"{fetched.name} is a zip or Excel (.xlsx) file, not text. Save it as CSV (UTF-8) first.")
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return raw.decode("utf-16")
    if b"\x00" in raw[:4096]:
        raise SourceError(f"{fetched.name} looks binary (it contains NUL bytes). Give a text file.")
    for encoding in ("utf-8-sig", "cp949"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise SourceError(f"{fetched.name}: the text is neither UTF-8 nor CP949 (EUC-KR). Save it as UTF-8 and try again.")
