"""The extractor version: a digest of the code and data that decide what is extracted.

A document already stored with the same sha256 and the same extractor version is
skipped on ingest; any change to the extractors or the lexicon re-extracts it. The
digest is computed from the installed package files, so nobody has to remember to bump
a number.
"""

from __future__ import annotations

import functools
import hashlib
from importlib.resources import files

from outturn import __version__

_PACKAGES = ("outturn.extractors", "outturn.extractors.readers", "outturn.extractors.data",
             "outturn.lexicon")
_SUFFIXES = (".py", ".jsonl", ".csv", ".json", ".yaml")
# Official statistics kept for reconciliation do not decide what is extracted or how it
# is matched: a refresh of them must not re-extract every document.
_REFERENCE_ONLY = frozenset({"published_values.csv", "lait_areas.csv", "statistical_neighbours.csv",
                             "reference.py"})


def hashed_files() -> list[tuple[str, str]]:
    """The ``(package, file name)`` pairs the version digests, in digest order."""
    out = []
    for package in _PACKAGES:
        for entry in sorted(files(package).iterdir(), key=lambda e: e.name):
            if (entry.is_file() and entry.name.endswith(_SUFFIXES)
                    and entry.name not in _REFERENCE_ONLY):
                out.append((package, entry.name))
    return out


@functools.cache
def extractor_version() -> str:
    """``<package version>+<12 hex digits>`` over the extractor and lexicon files.

    >>> v = extractor_version()
    >>> v.split("+")[0] == __version__ and len(v.split("+")[1]) == 12
    True
    """
    digest = hashlib.sha256()
    for package, name in hashed_files():
        digest.update(package.encode() + b"/" + name.encode() + b"\0")
        digest.update(files(package).joinpath(name).read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
