"""Run the prose extractor over the seed documents and score it against the gold set.

Usage: python scripts/eval_seeds.py [--seeds ../shared/seeds] [--gold ../shared/gold/seeds.jsonl]
           [--out /tmp/prose_pred.jsonl] [--skip-table-lines]

Until the table extractor passes table ranges, ``--skip-table-lines`` excludes lines
with a tab or starting with ``|`` (a measurement aid only; the extractor itself only
honours ``exclude``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
from pathlib import Path

from outturn.evaluation import format_report, load_jsonl, score
from outturn.extractors.models import Document
from outturn.extractors.prose import extract_prose_statements

REPO = Path(__file__).resolve().parent.parent


def _read(path: Path) -> Document:
    try:
        from outturn.extractors.readers import read_document

        return read_document(path)
    except Exception:  # the readers may not have landed yet: read the text ourselves
        data = path.read_bytes()
        return Document(str(path), path.name, hashlib.sha256(data).hexdigest(), "text", data.decode("utf-8"))


def _table_lines(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in re.finditer(r"(?m)^(?:[^\n]*\t[^\n]*|\s*\|[^\n]*)$", text)]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seeds", default=str(REPO.parent / "shared" / "seeds"))
    ap.add_argument("--gold", default=str(REPO.parent / "shared" / "gold" / "seeds.jsonl"))
    ap.add_argument("--out", default="/tmp/prose_pred.jsonl")
    ap.add_argument("--skip-table-lines", action="store_true")
    args = ap.parse_args()
    rows = []
    for path in sorted(Path(args.seeds).glob("*.txt")):
        document = _read(path)
        exclude = _table_lines(document.text) if args.skip_table_lines else []
        exclude += [(s.start, s.end) for s in document.table_spans]
        rows += [s.to_dict() for s in extract_prose_statements(document, exclude=exclude)]
    Path(args.out).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    gold = [g for g in load_jsonl(args.gold) if g.get("source") == "prose"]
    print(format_report(score(gold, [r for r in rows if r["source"] == "prose"])))


if __name__ == "__main__":
    main()
