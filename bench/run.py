"""Benchmark outturn's PDF path against bare pypdfium2 and pdfplumber, on the same files.

Usage:
    python bench/run.py [--quick] [--out DIR]

Generates a corpus of PDFs with reportlab (bench/pdf_corpus.py: text-only and
table-heavy reports of 10 pages each, 10 to 1,000 pages a set; one-page reports for the
memory check), then times, each in its own process so that peak memory is its own:

- bare pypdfium2 text; bare pdfplumber ``extract_text`` + ``extract_tables``;
- outturn's PDF reader alone (routed, and ``engine="pdfplumber"``) and
  ``read_document`` + ``extract_statements`` in-process (smaller sets only);
- ``outturn extract`` (wall clock, start-up included; the start-up is measured on a
  one-page file and reported separately);
- ``outturn ingest`` first run and re-run on the unchanged corpus (a fresh
  PREFECT_HOME; Prefect's fixed start-up measured as a re-run of a one-document
  corpus and reported separately);
- peak memory of ``outturn extract`` and ``outturn ingest`` on 100 and 1,000 documents.

Prints a markdown report (also written to DIR/results.md, numbers to DIR/results.json)
with pages/s, the issue's target ratios with pass/fail, peak memory, the date and the
machine. These are benchmarks, not tests: on a shared 2-core machine the numbers move
by tens of percent between runs. ``--quick`` runs the small sets only.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

import pdf_corpus  # bench/ is the script's own folder, first on sys.path

HERE = Path(__file__).resolve().parent
MEASURE = HERE / "measure.py"
PAGES_PER_DOC = 10
#: (kind, total pages); each set is total // PAGES_PER_DOC documents.
SETS = {"full": [("text", 10), ("text", 100), ("text", 1000), ("tables", 10), ("tables", 100), ("tables", 1000)],
        "quick": [("text", 10), ("text", 100), ("tables", 10)]}
#: Documents (one page each) for the memory check: small, large.
MEMORY = {"full": (100, 1000), "quick": (10, 50)}
#: Sets ingested together for the first-run / re-run comparison.
INGEST = {"full": [("text", 1000), ("tables", 100)], "quick": [("text", 100), ("tables", 10)]}
#: In-process measurements (reader, reader-ref, extract) only on sets up to this size.
DETAIL_PAGES = 100
#: Text sets read by pdfplumber (bare, and the reference reader) only up to this size.
TEXT_REFERENCE_PAGES = 10
#: The name of ``outturn extract --workers 1`` runs (the largest sets only).
ONE_PROCESS = "outturn extract, 1 process"
TARGETS = {"text_ratio": 0.25, "tables_ratio": 1.3, "rerun_ratio": 0.05, "memory_ratio": 1.10}


@dataclass
class Run:
    """One measured child process."""

    name: str
    set: str
    documents: int
    pages: int
    seconds: float
    peak_mb: float
    ok: bool
    note: str = ""
    cpu_seconds: float = 0.0

    @property
    def pages_per_s(self) -> float:
        return self.pages / self.seconds if self.seconds > 0 else 0.0


def run_child(cmd: list[str], out: Path, env: dict | None = None) -> tuple[float, float, int, str, float]:
    """Run ``cmd`` to completion; its wall seconds, peak RSS (MB), exit code, stdout and CPU seconds."""
    out.parent.mkdir(parents=True, exist_ok=True)
    with open(out, "wb") as stdout, open(out.with_suffix(".err"), "wb") as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=stdout, stderr=stderr, env=env)
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own rusage (ru_maxrss in KiB)
        seconds = time.perf_counter() - started
    proc.returncode = os.waitstatus_to_exitcode(status)
    cpu = usage.ru_utime + usage.ru_stime
    return seconds, usage.ru_maxrss / 1024, proc.returncode, out.read_text(errors="replace"), cpu


class Bench:
    def __init__(self, out: Path, size: str):
        self.out, self.size = out, size
        self.runs: list[Run] = []
        self.pages: dict[str, int] = {}
        self.outturn = shutil.which("outturn", path=str(Path(sys.executable).parent)) or shutil.which("outturn")
        self.cli = self._cli_commands()
        self.env = dict(os.environ, PREFECT_HOME=str(out / "prefect-home"), PREFECT_LOGGING_LEVEL="WARNING",
                        PREFECT_SERVER_ANALYTICS_ENABLED="false")

    def _cli_commands(self) -> set[str]:
        if not self.outturn:
            return set()
        found = set()
        for command in ("extract", "ingest"):
            if subprocess.run([self.outturn, command, "--help"], capture_output=True).returncode == 0:
                found.add(command)
        return found

    def folder(self, kind: str, pages: int, per_doc: int = PAGES_PER_DOC) -> Path:
        name = f"{kind}-{pages}" if per_doc == PAGES_PER_DOC else f"{kind}-{pages}docs"
        folder = self.out / "corpus" / name
        pdf_corpus.write_set(folder, kind, max(pages // per_doc, 1), per_doc)
        return folder

    def measure(self, mode: str, folder: Path) -> Run:
        seconds, peak, code, stdout, _ = run_child([sys.executable, str(MEASURE), mode, str(folder)],
                                                self.out / "logs" / f"{mode}-{folder.name}.out")
        result = json.loads(stdout.splitlines()[-1]) if code == 0 else {}
        pages = result.get("pages", 0)
        self.pages.setdefault(folder.name, pages)
        note = f"{result['statements']} statements" if result.get("statements") else ""
        return self._add(Run(mode, folder.name, result.get("documents", 0), pages,
                             result.get("seconds", seconds), peak, code == 0, note or ("" if code == 0 else "failed"),
                             result.get("cpu_seconds", 0.0)))

    def outturn_extract(self, folder: Path, name: str = "outturn extract", workers: int | None = None) -> Run:
        if "extract" not in self.cli:
            return self._add(Run(name, folder.name, 0, 0, 0.0, 0.0, False, "pending: no `outturn extract`"))
        options = ["--workers", str(workers)] if workers else []
        seconds, peak, code, stdout, cpu = run_child([self.outturn, "extract", str(folder), *options],
                                                self.out / "logs" / f"extract-{folder.name}-{workers or 'n'}.jsonl")
        docs = len(list(folder.glob("*.pdf")))
        return self._add(Run(name, folder.name, docs, self.pages.get(folder.name, docs), seconds, peak, code == 0,
                             f"{stdout.count(chr(10))} statements" if code == 0 else "failed", cpu))

    def outturn_ingest(self, folders: list[Path], db: Path, name: str) -> Run:
        docs = sum(len(list(f.glob("*.pdf"))) for f in folders)
        pages = sum(self.pages.get(f.name, 0) for f in folders)
        label = "+".join(f.name for f in folders)
        if "ingest" not in self.cli:
            return self._add(Run(name, label, docs, pages, 0.0, 0.0, False, "pending: no `outturn ingest`"))
        seconds, peak, code, stdout, cpu = run_child([self.outturn, "ingest", *map(str, folders), "--db", str(db)],
                                                self.out / "logs" / f"ingest-{db.stem}-{name.split()[-1]}.out", self.env)
        return self._add(Run(name, label, docs, pages, seconds, peak, code == 0, stdout.strip().splitlines()[-1][:60]
                             if code == 0 and stdout.strip() else ("" if code == 0 else "failed"), cpu))

    def _add(self, run: Run) -> Run:
        self.runs.append(run)
        print(f"  {run.name:<26} {run.set:<22} {run.pages:>5} pages {run.seconds:8.2f} s "
              f"{run.pages_per_s:9.1f} p/s {run.peak_mb:7.0f} MB {run.note}", file=sys.stderr, flush=True)
        return run

    def run_all(self) -> dict:
        """Every measurement, in an order that reuses the generated corpus; the ratios."""
        largest: dict[str, Path] = {}
        for kind, pages in SETS[self.size]:
            folder = self.folder(kind, pages)
            largest[kind] = folder
            self.measure("pdfium", folder)
            small = pages <= TEXT_REFERENCE_PAGES or kind == "tables"
            if small:  # for text, the reference paths only show the gap; they are in no target
                self.measure("pdfplumber", folder)
            if pages <= DETAIL_PAGES:
                for mode in ("reader", "reader-ref", "extract") if small else ("reader", "extract"):
                    self.measure(mode, folder)
            self.outturn_extract(folder)
            if pages == max(p for k, p in SETS[self.size] if k == kind):
                self.outturn_extract(folder, ONE_PROCESS, workers=1)
        one_page = self.folder("text", 1, per_doc=1)
        self.pages.setdefault(one_page.name, 1)
        startup = self.outturn_extract(one_page, "outturn extract start-up")
        warm_db = self.out / "dbs" / "startup.duckdb"
        self._fresh(warm_db)
        self.outturn_ingest([one_page], warm_db, "ingest start-up first")  # creates PREFECT_HOME's database
        fixed = self.outturn_ingest([one_page], warm_db, "ingest start-up rerun")
        ingest_folders = [self.folder(kind, pages) for kind, pages in INGEST[self.size]]
        db = self.out / "dbs" / "corpus.duckdb"
        self._fresh(db)
        first = self.outturn_ingest(ingest_folders, db, "outturn ingest first")
        rerun = self.outturn_ingest(ingest_folders, db, "outturn ingest rerun")
        memory = {}
        for documents in MEMORY[self.size]:
            folder = self.folder("text", documents, per_doc=1)
            self.pages.setdefault(folder.name, documents)
            memory[documents] = {"extract": self.outturn_extract(folder, "outturn extract memory")}
            mem_db = self.out / "dbs" / f"memory-{documents}.duckdb"
            self._fresh(mem_db)
            memory[documents]["ingest"] = self.outturn_ingest([folder], mem_db, "outturn ingest memory")
        return self._ratios(largest, startup, fixed, first, rerun, memory)

    @staticmethod
    def _fresh(db: Path) -> None:
        db.parent.mkdir(parents=True, exist_ok=True)
        for path in (db, db.with_suffix(".duckdb.wal")):
            path.unlink(missing_ok=True)

    def _find(self, name: str, folder: Path) -> Run | None:
        return next((r for r in self.runs if r.name == name and r.set == folder.name and r.ok), None)

    def _ratios(self, largest, startup, fixed, first, rerun, memory) -> dict:
        rows = []

        def row(target, measured, limit, lower_is_better, how):
            bound = f"{'<=' if lower_is_better else '>='} {limit}"
            if measured is None:
                rows.append((target, "pending", bound, "pending", how))
            else:
                passed = measured <= limit if lower_is_better else measured >= limit
                rows.append((target, f"{measured:.3f}", bound, "pass" if passed else "FAIL", how))

        text = largest.get("text")
        pdfium, extract = self._find("pdfium", text), self._find("outturn extract", text)
        if pdfium and extract:
            net = max(extract.seconds - startup.seconds, 1e-9) if startup.ok else None
            row("text-only: outturn extract p/s / pypdfium2 p/s", extract.pages_per_s / pdfium.pages_per_s,
                TARGETS["text_ratio"], False, f"{text.name}, wall clock incl. start-up")
            if net:
                row("  same, start-up excluded", extract.pages / net / pdfium.pages_per_s,
                    TARGETS["text_ratio"], False, f"start-up {startup.seconds:.2f} s")
            single = self._find(ONE_PROCESS, text)
            if single:
                row("  same, one process (--workers 1)", single.pages_per_s / pdfium.pages_per_s,
                    TARGETS["text_ratio"], False, "wall clock incl. start-up")
            if pdfium.cpu_seconds and extract.cpu_seconds:
                row("  same, CPU seconds (less noisy on a shared machine)",
                    (extract.pages / extract.cpu_seconds) / (pdfium.pages / pdfium.cpu_seconds),
                    TARGETS["text_ratio"], False, "CPU of the whole command, its workers included")
        else:
            row("text-only: outturn extract p/s / pypdfium2 p/s", None, TARGETS["text_ratio"], False, "")
        tables = largest.get("tables")
        plumber, extract = self._find("pdfplumber", tables), self._find("outturn extract", tables)
        row("table-heavy: outturn extract s / pdfplumber text+tables s",
            extract.seconds / plumber.seconds if plumber and extract else None,
            TARGETS["tables_ratio"], True, f"{tables.name}, wall clock incl. start-up")
        if plumber and extract and startup.ok:
            row("  same, start-up excluded", max(extract.seconds - startup.seconds, 0) / plumber.seconds,
                TARGETS["tables_ratio"], True, f"start-up {startup.seconds:.2f} s")
        single = self._find(ONE_PROCESS, tables)
        if plumber and single:
            row("  same, one process (--workers 1)", single.seconds / plumber.seconds, TARGETS["tables_ratio"], True,
                "wall clock incl. start-up")
        if plumber and extract and plumber.cpu_seconds:
            row("  same, CPU seconds", extract.cpu_seconds / plumber.cpu_seconds, TARGETS["tables_ratio"], True,
                "CPU of the whole command, its workers included")
        if first.ok and rerun.ok and " 0 re-extracted" not in rerun.note:
            row("ingest: re-run s / first run s (invalid: the extractor version changed mid-run)",
                rerun.seconds / first.seconds, TARGETS["rerun_ratio"], True, rerun.note)
        elif first.ok and rerun.ok:
            row("ingest: re-run s / first run s", rerun.seconds / first.seconds, TARGETS["rerun_ratio"],
                True, f"{first.set}")
            if fixed.ok and " 0 re-extracted" in fixed.note:
                row("  same, Prefect start-up excluded",
                    max(rerun.seconds - fixed.seconds, 0) / max(first.seconds - fixed.seconds, 1e-9),
                    TARGETS["rerun_ratio"], True, f"fixed start-up {fixed.seconds:.2f} s")
        else:
            row("ingest: re-run s / first run s", None, TARGETS["rerun_ratio"], True, "")
        small, large = MEMORY[self.size]
        for command in ("extract", "ingest"):
            a, b = memory[small][command], memory[large][command]
            row(f"peak memory, outturn {command}: {large} / {small} documents",
                b.peak_mb / a.peak_mb if a.ok and b.ok else None, TARGETS["memory_ratio"], True,
                f"{a.peak_mb:.0f} MB vs {b.peak_mb:.0f} MB" if a.ok and b.ok else "")
        return {"targets": rows}


def machine() -> str:
    commit = subprocess.run(["git", "-C", str(HERE), "rev-parse", "--short", "HEAD"], capture_output=True, text=True)
    return (f"{dt.datetime.now().isoformat(timespec='minutes')}; {os.cpu_count()} CPUs; "
            f"Python {platform.python_version()}; {platform.platform()}; commit {commit.stdout.strip() or '?'}")


def report(bench: Bench, ratios: dict) -> str:
    lines = [f"# outturn PDF benchmark ({bench.size})", "", machine(), "",
             "| measurement | set | docs | pages | seconds | CPU s | pages/s | peak MB | note |",
             "|---|---|---:|---:|---:|---:|---:|---:|---|"]
    for r in bench.runs:
        lines.append(f"| {r.name} | {r.set} | {r.documents} | {r.pages} | {r.seconds:.2f} | {r.cpu_seconds:.2f} | "
                     f"{r.pages_per_s:.1f} | {r.peak_mb:.0f} | {r.note} |")
    lines += ["", "| target | measured | limit | result | on |", "|---|---:|---|---|---|"]
    lines += [f"| {t} | {m} | {limit} | {res} | {how} |" for t, m, limit, res, how in ratios["targets"]]
    lines += ["", "Bare and in-process rows are timed after imports; `outturn` rows are wall clock of the "
              "command, start-up included. Shared 2-core machines make these numbers noisy (tens of percent)."]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sets only (a minute or two)")
    parser.add_argument("--out", type=Path, default=Path(tempfile.gettempdir()) / "outturn-bench",
                        help="work folder: generated corpus (kept between runs), logs, databases, results")
    args = parser.parse_args(argv)
    bench = Bench(args.out.resolve(), "quick" if args.quick else "full")
    ratios = bench.run_all()
    text = report(bench, ratios)
    (bench.out / "results.md").write_text(text, encoding="utf-8")
    (bench.out / "results.json").write_text(json.dumps(
        {"machine": machine(), "runs": [asdict(r) for r in bench.runs], **ratios}, indent=2), encoding="utf-8")
    print(text)


if __name__ == "__main__":
    main()
