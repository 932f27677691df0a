"""Plain logic behind the served deployments: fetching one document by URL, and the
settings ``outturn serve`` and ``prefect.yaml`` share. No Prefect here; the flows in
:mod:`outturn.flows.document` and :mod:`outturn.flows.inbox` call it.

A download is streamed to a temporary file with a running byte count, so a document
larger than the limit is refused without being held in memory, and it is renamed into
place only when complete, so an interrupted download never looks like a document.
Errors come in two kinds: :class:`TransientDownloadError` (the server or the network
may do better in a minute: timeouts, refused connections, 5xx, 429), which the flow
retries, and :class:`DownloadError` (a 404, a document over the limit, not http(s)),
which it does not.
"""

from __future__ import annotations

import hashlib
import mimetypes
import os
import re
import socket
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

from outturn import __version__
from outturn.errors import DocumentError

#: Largest document a download accepts, in bytes (committee packs run to a few MB).
DEFAULT_MAX_BYTES = 50 * 1024 * 1024
#: Seconds a whole download may take, and a single network read may wait.
DEFAULT_TIMEOUT = 60.0
#: Seconds between scans of the inbox by ``outturn serve``.
DEFAULT_INTERVAL = 300
#: HTTP statuses worth asking again for: the server is busy or briefly broken.
TRANSIENT_STATUSES = frozenset({408, 425, 429, 500, 502, 503, 504})

_CHUNK = 64 * 1024
_UNSAFE_NAME = re.compile(
    r"""[^A-Za-z0-9._-]+   # anything but letters, digits, dot, underscore and hyphen
    """,
    re.VERBOSE,
)


class DownloadError(DocumentError):
    """A document could not be fetched, and asking again will not help."""


class TransientDownloadError(DownloadError):
    """A document could not be fetched this time; asking again later may work."""


def is_url(source: str) -> bool:
    """True when ``source`` is an http(s) URL rather than a path.

    >>> is_url("https://democracy.leeds.gov.uk/documents/s1/KPI.pdf"), is_url("inbox/a.pdf")
    (True, False)
    """
    return urlsplit(source).scheme.lower() in ("http", "https")


def download_name(url: str, content_type: str | None = None) -> str:
    """A file name for ``url``'s document: a short hash of the URL (two reports both
    called ``Report.pdf`` stay apart) and its last path segment, with an extension
    from the Content-Type where the URL has none outturn reads.

    >>> download_name("https://example.org/documents/s123/KPI%20Q4.pdf")
    '4a6453f6666a-KPI_Q4.pdf'
    >>> download_name("https://example.org/mgConvert2PDF.aspx?ID=9", "application/pdf")
    'a2adeff66f47-mgConvert2PDF.aspx.pdf'
    """
    digest = hashlib.sha256(url.encode()).hexdigest()[:12]
    stem = _UNSAFE_NAME.sub("_", unquote(PurePosixPath(urlsplit(url).path).name)).strip("_") or "document"
    suffix = PurePosixPath(stem).suffix.lower()
    guessed = mimetypes.guess_extension((content_type or "").split(";")[0].strip()) or ""
    if guessed and suffix not in (".pdf", ".html", ".htm", ".txt", ".md") and guessed != suffix:
        stem += guessed
    return f"{digest}-{stem}"


def download(url: str, folder: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES,
             timeout: float = DEFAULT_TIMEOUT) -> Path:
    """Fetch ``url`` into ``folder`` and return the file's path.

    Args:
        url: an http(s) URL.
        folder: where downloads are kept (created when missing); a URL fetched again
            replaces its earlier file.
        max_bytes: refuse a document larger than this.
        timeout: seconds for the whole download, and for any one network read.

    Raises:
        TransientDownloadError: a timeout, a refused or reset connection, a 5xx or 429.
        DownloadError: not an http(s) URL, a 4xx, or a document over ``max_bytes``.
    """
    if not is_url(url):
        raise DownloadError(url, "not an http(s) URL; give a path to a local file instead")
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": f"outturn/{__version__}"})
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if declared and declared.isdigit() and int(declared) > max_bytes:
                raise DownloadError(url, _too_big(int(declared), max_bytes))
            target = folder / download_name(response.geturl(), response.headers.get("Content-Type"))
            _stream(url, response, target, max_bytes=max_bytes, deadline=deadline, timeout=timeout)
            return target
    except urllib.error.HTTPError as exc:
        kind = TransientDownloadError if exc.code in TRANSIENT_STATUSES else DownloadError
        raise kind(url, f"the server answered {exc.code} {exc.reason}") from exc
    except urllib.error.URLError as exc:
        raise TransientDownloadError(url, f"cannot reach the server: {exc.reason}") from exc
    except (TimeoutError, socket.timeout) as exc:
        raise TransientDownloadError(url, f"no answer within {timeout:g} s") from exc
    except ConnectionError as exc:
        raise TransientDownloadError(url, f"the connection failed: {exc}") from exc


def _stream(url: str, response, target: Path, *, max_bytes: int, deadline: float, timeout: float) -> None:
    """Copy ``response`` into ``target`` through a temporary file, counting bytes."""
    handle, temporary = tempfile.mkstemp(dir=target.parent, prefix=".partial-")
    try:
        received = 0
        with os.fdopen(handle, "wb") as out:
            while chunk := response.read(_CHUNK):
                received += len(chunk)
                if received > max_bytes:
                    raise DownloadError(url, _too_big(received, max_bytes, more=True))
                if time.monotonic() > deadline:
                    raise TransientDownloadError(url, f"the download took longer than {timeout:g} s")
                out.write(chunk)
        os.replace(temporary, target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _too_big(size: int, limit: int, *, more: bool = False) -> str:
    """
    >>> _too_big(60_000_000, 50 * 1024 * 1024)
    'the document is 57.2 MB, over the 50.0 MB limit; raise max_bytes to fetch it'
    """
    return (f"the document is {'more than ' if more else ''}{size / 2**20:.1f} MB, over the "
            f"{limit / 2**20:.1f} MB limit; raise max_bytes to fetch it")


def inbox_files(inbox: str | Path, *, settle_seconds: float = 2.0, now: float | None = None) -> list[Path]:
    """The documents in ``inbox`` (as :func:`outturn.processing.discover` finds them) that
    have not changed for ``settle_seconds``: a file still being copied in waits for the
    next scan instead of being read half-written. Nothing is moved or deleted.

    Raises:
        DocumentError: ``inbox`` is not a folder.
    """
    from outturn.processing import discover

    inbox = Path(inbox)
    if not inbox.is_dir():
        raise DocumentError(str(inbox), "the inbox is not a folder; create it or pass another --inbox")
    now = time.time() if now is None else now
    settled = []
    for path in discover([inbox]):
        try:
            changed = path.stat().st_mtime
        except OSError:
            changed = 0.0  # gone or unreadable: let the ingest record why
        if now - changed >= settle_seconds:
            settled.append(path)
    return settled
