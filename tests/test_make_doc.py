"""pipeline.make_doc is a fast path: the statements must be exactly those of spaCy's own
tokenizer (nlp.make_doc), which the pipeline falls back to when it holds any component
that is not outturn's. A pass-through component forces that fallback here."""

from pathlib import Path

import pytest
from spacy.language import Language

from outturn.extractors import read_document
from outturn.extractors.pipeline import build_pipeline
from outturn.extractors.prose import extract_prose_statements
from outturn.extractors.tables import find_tables

REPO = Path(__file__).resolve().parent.parent


@Language.component("test_pass_through")
def _pass_through(doc):
    return doc


@pytest.fixture(scope="module")
def pipelines():
    fast = build_pipeline()
    reference = build_pipeline()
    reference.add_pipe("test_pass_through", last=True)
    return fast, reference


def _prose(document, nlp):
    exclude = [(b.start, b.end) for b in find_tables(document)]
    return [s.to_dict() for s in extract_prose_statements(document, exclude=exclude, nlp=nlp)]


def _documents(shared: Path | None) -> list[Path]:
    paths = sorted((REPO / "corpus").glob("*.*")) + sorted((REPO / "tests" / "data" / "heldout").glob("*.*"))
    paths = [p for p in paths if p.suffix in (".txt", ".md", ".html", ".pdf")]
    if shared is not None:
        paths += sorted((shared / "seeds").glob("*.txt"))
    return paths


def test_fast_doc_gives_the_statements_of_spacys_tokenizer(pipelines):
    fast, reference = pipelines
    shared = REPO.parent / "shared"
    documents = _documents(shared if (shared / "seeds").is_dir() else None)
    assert len(documents) >= 9
    for path in documents:
        document = read_document(path)
        assert _prose(document, fast) == _prose(document, reference), path.name


@pytest.mark.parametrize("text", [
    "In 09/10 the rate was 92.2%, 43 of 44 (97.7%) in Q1 2021-22; c£150k underspend.",
    "  Tolerance 85 – 100%\n\n- Target 79\tTolerance 69 - 89\n",
    "x" * 50 + " 12% " + "£1.2m/£3.4m 5-6% 1st-2nd",
], ids=["shared-token", "whitespace-and-tabs", "glued-values"])
def test_fast_doc_on_awkward_spacing(pipelines, text):
    from outturn.extractors.models import Document

    fast, reference = pipelines
    document = Document("t.txt", "t.txt", "0" * 64, "text", text)
    assert _prose(document, fast) == _prose(document, reference)
