"""JSON-LD for credentials: local contexts only, and canonicalisation that refuses to lose meaning.

`document_loader` answers from the files in `data/contexts/` (see its LICENSES.md) and refuses every other URL, so
signing and verifying never touch the network and an unknown context is a clear failure, not a hang.

`canonize(document)` runs RDF Dataset Canonicalization (RDFC-1.0, which pyld calls URDNA2015) after a "safe
mode" expansion: a property the contexts do not define, or a type that does not expand to an absolute IRI,
raises `JsonLdProblem` instead of being dropped silently. Without that check a signature would not cover the
dropped field and anyone could change it without breaking the proof.
"""

from __future__ import annotations

import copy
import itertools
import json
import re
import threading
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _
import pyld.canon
from pyld.jsonld import DEFAULT_BASE_IRI, JsonLdError, JsonLdProcessor

CONTEXTS_DIR = Path(__file__).resolve().parent / "data" / "contexts"  # packaged with data/**

VC_V2 = "https://www.w3.org/ns/credentials/v2"
VC_EXAMPLES_V2 = "https://www.w3.org/ns/credentials/examples/v2"
OB_V3 = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json"
DATA_INTEGRITY_V2 = "https://w3id.org/security/data-integrity/v2"
MULTIKEY_V1 = "https://w3id.org/security/multikey/v1"
DID_V1 = "https://www.w3.org/ns/did/v1"

CONTEXT_FILES: dict[str, str] = {
    VC_V2: "credentials-v2.jsonld",
    VC_EXAMPLES_V2: "credentials-examples-v2.jsonld",
    DATA_INTEGRITY_V2: "data-integrity-v2.jsonld",
    MULTIKEY_V1: "multikey-v1.jsonld",
    DID_V1: "did-v1.jsonld",
    "https://w3id.org/security/suites/ed25519-2020/v1": "ed25519-signature-2020-v1.jsonld",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json": "ob-v3p0-context-3.0.1.json",
    "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json": "ob-v3p0-context-3.0.2.json",
    OB_V3: "ob-v3p0-context-3.0.3.json",
}
_ABSOLUTE_IRI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


class JsonLdProblem(ValueError):
    """The document cannot be read as JSON-LD safely; `str()` is a sentence for a person."""


class UnknownContext(JsonLdProblem):
    pass


class TooComplex(JsonLdProblem):
    pass


@lru_cache(maxsize=None)
def _context_text(url: str) -> str:
    return (CONTEXTS_DIR / CONTEXT_FILES[url]).read_text(encoding="utf-8")


def context_document(url: str) -> dict[str, Any]:
    """A shipped context as parsed JSON (a fresh copy each time: pyld may keep references)."""
    return json.loads(_context_text(url))


def document_loader(url: str, options: Any = None) -> dict[str, Any]:
    if url not in CONTEXT_FILES:
        raise JsonLdError(f"Unknown context {url}", "jsonld.LoadDocumentError", {"url": url},
                          code="loading document failed")
    # "tag": "static" lets pyld keep the processed context in its shared cache: without it every expansion
    # re-processes every context (several times slower).
    return {"contextUrl": None, "documentUrl": url, "document": context_document(url), "tag": "static"}


def _unknown_context_in(error: BaseException) -> str | None:
    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        seen.add(id(error))
        details = getattr(error, "details", None)
        if isinstance(details, dict) and details.get("url") and details["url"] not in CONTEXT_FILES:
            return str(details["url"])
        error = error.__cause__ or error.__context__
    return None


def _explain(error: JsonLdError) -> JsonLdProblem:
    url = _unknown_context_in(error)
    if url:
        return UnknownContext(_("The credential uses a JSON-LD context this site does not know: %(url)s.") % {"url": url})
    message = str(getattr(error, "message", "") or error).split("\n")[0]
    return JsonLdProblem(_("The credential is not valid JSON-LD: %(message)s") % {"message": message})


# RDF canonicalisation is exponential on crafted graphs of look-alike blank nodes ("poison graphs"): a 2 KB
# credential with a 7-node clique took 27 s, 8 nodes minutes. RDFC-1.0 asks implementations to bound that
# work; pyld does not, so we count the permutations its N-degree hashing tries and stop past a budget.
# Real credentials need none (their blank nodes differ at the first degree).
MAX_PERMUTATIONS = 5_000
_work = threading.local()


def _bounded_permutations(items):
    for permutation in itertools.permutations(items):
        left = getattr(_work, "left", None)
        if left is not None:
            if left <= 0:
                raise TooComplex(_("The credential's data is too intricate to check (its unnamed nodes are too "
                                   "alike); a genuine credential never is."))
            _work.left = left - 1
        yield permutation


pyld.canon.permutations = _bounded_permutations


class _Processor(JsonLdProcessor):
    """pyld's processor, told when its input is already (safely) expanded so normalisation does not expand a
    second time (that second pass was a third of the signing time)."""

    def expand(self, input_, options):
        if options and options.get("alreadyExpanded"):
            return copy.deepcopy(input_)
        return super().expand(input_, options)


def _dropped(name: Any) -> None:
    raise JsonLdProblem(_("The property “%(name)s” is not defined by the credential's @context.") % {"name": name})


def _check_types(node: Any) -> None:
    if isinstance(node, list):
        for item in node:
            _check_types(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            # pyld resolves a relative IRI against a placeholder base when the document has none: treat
            # that as "not an absolute IRI" too.
            if key == "@type" and "@value" not in node:
                for t in value if isinstance(value, list) else [value]:
                    if isinstance(t, str) and not t.startswith("_:") and (
                            not _ABSOLUTE_IRI.match(t) or t.startswith(DEFAULT_BASE_IRI)):
                        name = t.removeprefix(DEFAULT_BASE_IRI)
                        raise JsonLdProblem(_("The type “%(name)s” is not defined by the credential's @context.") % {"name": name})
            elif key == "@id" and isinstance(value, str) and value.startswith(DEFAULT_BASE_IRI):
                raise JsonLdProblem(_("The identifier “%(id)s” is not a URL.") % {"id": value.removeprefix(DEFAULT_BASE_IRI)})
            elif key != "@value":
                _check_types(value)


def expand(document: dict[str, Any]) -> list[Any]:
    """Safe-mode expansion: every property defined, every type an absolute IRI."""
    processor = JsonLdProcessor(on_property_dropped=_dropped)
    try:
        expanded = processor.expand(copy.deepcopy(document), {"documentLoader": document_loader})
    except JsonLdProblem:
        raise
    except JsonLdError as error:
        raise _explain(error) from error
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as error:
        raise JsonLdProblem(_("The credential is not valid JSON-LD (%(error)s).") % {"error": error.__class__.__name__}) from error
    _check_types(expanded)
    return expanded


def canonize(document: dict[str, Any]) -> str:
    """RDFC-1.0 canonical N-Quads of `document` (after the safe-mode check)."""
    expanded = expand(document)
    _work.left = MAX_PERMUTATIONS
    try:
        return _Processor().normalize(expanded, {"algorithm": "URDNA2015", "format": "application/n-quads",
                                                 "documentLoader": document_loader, "alreadyExpanded": True})
    except JsonLdProblem:
        raise
    except JsonLdError as error:
        if isinstance(error.__cause__, JsonLdProblem):
            raise error.__cause__ from None
        raise _explain(error) from error
    except (TypeError, ValueError, KeyError, AttributeError, RecursionError) as error:
        raise JsonLdProblem(_("The credential is not valid JSON-LD (%(error)s).")
                            % {"error": error.__class__.__name__}) from error
    finally:
        _work.left = None
