"""What the build scripts that derive one committed lexicon file share: the command line
(``--reference`` folder, ``--out`` file), writing the rows under the file's header, and
loading the result back (a derived file that its reader rejects is never left behind
unnoticed).

Used by build_lexicon.py, build_councils.py and build_neighbours.py; build_published_values.py
(two files) takes its paths from here. scripts/ is first on ``sys.path`` when one of them runs.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from outturn.lexicon.datafile import write_rows

#: The checkout, and where the lexicon files live in it.
REPO = Path(__file__).resolve().parent.parent
LEXICON = REPO / "lexicon"
#: ../shared/reference beside the checkout (CI and developers have it; users need not).
REFERENCE = REPO.parent / "shared" / "reference"


def derive(argv: list[str] | None, doc: str, out: Path, build: Callable[[Path], list[dict]],
           columns, header: str, read: Callable[[Path], object], describe: Callable[[list[dict]], str]) -> int:
    """Parse ``argv``, write ``build(reference)`` to ``--out`` (default ``out``) with
    ``columns`` under ``header``, load it with ``read`` and print ``describe(rows)``."""
    ap = argparse.ArgumentParser(description=doc.splitlines()[0])
    ap.add_argument("--reference", type=Path, default=REFERENCE)
    ap.add_argument("--out", type=Path, default=out)
    args = ap.parse_args(argv)
    rows = build(args.reference)
    write_rows(args.out, columns, rows, header)
    read(args.out)  # the result must load
    print(f"{args.out}: {describe(rows)}")
    return 0
