#!/usr/bin/env python3
"""Build lexicon/councils.csv: the English local authorities with children's services.

Sources (../shared/reference/councils/):
  dfe_las.csv  dfe-analytical-services/dfe-published-data-qa data/las.csv (MIT): ONS code
      (new_la_code), DfE 3-digit code (old_la_code), name, status. Taken: live rows with
      one code, of entity E06 (unitary), E08 (metropolitan district), E09 (London
      borough) or E10 (county), i.e. the 153 authorities with children's services.
  mysociety_uk_local_authorities.csv and mysociety_lookup_name_to_registry.csv
      mysociety/uk_local_authority_names_and_codes (MIT): the everyday name
      (nice-name), official name and alternative names, joined on the ONS code
      (then a former code, then the name).

Output columns: dfe_code, ons_code, name, official_name, alt_names (';'-joined, sorted).
Deterministic: running it again gives the same bytes.

Usage:
    python scripts/build_councils.py [--reference ../shared/reference] [--out lexicon/councils.csv]
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

from outturn.lexicon.councils import REGISTER_COLUMNS, read_register

from derive import LEXICON, derive  # scripts/derive.py

ENTITIES = ("E06", "E08", "E09", "E10")


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def _keep_alt(name: str) -> bool:
    """Alternative names worth looking for in text (not registry codes or inverted forms)."""
    low = name.lower()
    return bool(name) and "," not in name and not low.endswith((" ua", " boro", " district"))


_GENERIC = frozenset("city county borough district council metropolitan royal of the and upon".split())


def _names_place(piece: str, name: str) -> bool:
    """Whether ``piece`` shares a place word with the council's ``name``.

    >>> _names_place("county of", "Herefordshire"), _names_place("doncaster city council", "Doncaster")
    (False, True)
    """
    place = {w for w in name.casefold().replace(",", " ").split() if w not in _GENERIC}
    return bool(place & set(piece.casefold().split()))


def build(reference: Path) -> list[dict]:
    """The register's rows, ordered by DfE code."""
    base = reference / "councils"
    dfe = [r for r in _read(base / "dfe_las.csv")
           if r["status"] == "live" and "/" not in r["new_la_code"] and r["entity_code"] in ENTITIES]
    society = _read(base / "mysociety_uk_local_authorities.csv")
    by_gss = {r["gss-code"]: r for r in society}
    by_former = {code: r for r in society for code in r["former-gss-codes"].split(",") if code}
    by_name = {r["nice-name"].lower(): r for r in society if r["nation"] == "England"}
    names_by_code: dict[str, list[str]] = {}
    for r in _read(base / "mysociety_lookup_name_to_registry.csv"):
        names_by_code.setdefault(r["local-authority-code"], []).append(r["la-name"])
    rows = []
    for r in dfe:
        soc = (by_gss.get(r["new_la_code"]) or by_former.get(r["new_la_code"])
               or by_name.get(r["la_name"].lower()))
        name = soc["nice-name"] if soc else r["la_name"]
        candidates = [r["la_name"]]
        if soc:
            # The lookup file lists one name a row. The table's alt-names column joins
            # names with commas that names themselves contain ("herefordshire, county of"),
            # so a piece of it counts only if it names the place, not "county of".
            candidates += [soc["official-name"], *names_by_code.get(soc["local-authority-code"], [])]
            candidates += [p for p in soc["alt-names"].split(",") if _names_place(p, name)]
        # One spelling per name, preferring one with capitals: a one-word name is
        # looked for in text only as a name ("Bristol", not "bristol").
        spelling: dict[str, str] = {}
        for alt in candidates:
            alt = " ".join(alt.split())
            key = alt.casefold()
            if _keep_alt(alt) and key != name.casefold() and (
                    key not in spelling or (alt != key and spelling[key] == key)):
                spelling[key] = alt
        alts = list(spelling.values())
        rows.append({
            "dfe_code": r["old_la_code"],
            "ons_code": r["new_la_code"],
            "name": name,
            "official_name": soc["official-name"] if soc else "",
            "alt_names": ";".join(sorted(alts, key=str.casefold)),
        })
    return sorted(rows, key=lambda row: row["dfe_code"])


HEADER = """\
DERIVED FILE - do not edit by hand; rebuild with: python scripts/build_councils.py
Sources: dfe-analytical-services/dfe-published-data-qa data/las.csv (MIT) for codes and the
list of authorities; mysociety/uk_local_authority_names_and_codes (MIT) for names."""


def main(argv: list[str] | None = None) -> int:
    return derive(argv, __doc__, LEXICON / "councils.csv", build, REGISTER_COLUMNS, HEADER, read_register,
                  lambda rows: f"{len(rows)} councils")


if __name__ == "__main__":
    sys.exit(main())
