"""Score the table extractor on the seed documents against the shared gold set.

Reads each seed, runs :func:`find_tables` and :func:`extract_table_statements`, writes
the statements as JSON Lines and runs the shared scorer with ``--source table``.

Usage (from the repository root)::

    .venv/bin/python scripts/eval_tables.py [--shared ../shared] [--out /tmp/tables.jsonl]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import subprocess
import sys
from pathlib import Path

from outturn.extractors.models import Document
from outturn.extractors.tables import extract_table_statements, find_tables

REPO = Path(__file__).resolve().parent.parent


def read_seed(path: Path) -> Document:
    """The seed as a Document: through the text reader when it is installed."""
    try:
        from outturn.extractors.readers import read_document
        from outturn.extractors.readers import text as _text_reader  # noqa: F401  (present?)
    except ImportError:
        data = path.read_bytes()
        return Document(str(path), path.name, hashlib.sha256(data).hexdigest(), "text",
                        data.decode("utf-8"))
    return read_document(path)


def table_statements(seeds: Path) -> list[dict]:
    """Table statements of every seed document, as contract dicts."""
    rows = []
    for path in sorted(seeds.glob("*.txt")):
        document = read_seed(path)
        rows += [s.to_dict() for s in extract_table_statements(document, find_tables(document))]
    return rows


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=REPO.parent / "shared")
    ap.add_argument("--out", type=Path, default=Path("/tmp/outturn-eval-tables.jsonl"))
    args = ap.parse_args(argv)
    rows = table_statements(args.shared / "seeds")
    args.out.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    print(f"wrote {len(rows)} table statements to {args.out}")
    return subprocess.call([
        sys.executable, str(args.shared / "eval" / "score.py"),
        "--gold", str(args.shared / "gold" / "seeds.jsonl"), "--pred", str(args.out),
        "--source", "table",
    ])


if __name__ == "__main__":
    sys.exit(main())
