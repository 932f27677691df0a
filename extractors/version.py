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


@functools.cache
def extractor_version() -> str:
    """``<package version>+<12 hex digits>`` over the extractor and lexicon files.

    >>> v = extractor_version()
    >>> v.split("+")[0] == __version__ and len(v.split("+")[1]) == 12
    True
    """
    digest = hashlib.sha256()
    for package in _PACKAGES:
        root = files(package)
        for entry in sorted(root.iterdir(), key=lambda e: e.name):
            if entry.is_file() and entry.name.endswith(_SUFFIXES):
                digest.update(package.encode() + b"/" + entry.name.encode() + b"\0")
                digest.update(entry.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"
