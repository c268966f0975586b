"""Two annotators, amal and badr, on the seed article: the review and agreement tests' data."""

from __future__ import annotations

from pathlib import Path

from annotator import Project
from annotator.model import Status

AMAL = [("سوريا", "GPE"), ("Aleppo", "GPE"), ("إدلب", "GPE"), ("الولايات المتحدة", "GPE"), ("وكالة رويترز", "ORG"),
        ("مسؤول أميركي", "PER"), ("فلاديمير لوغينوف", "PER")]
BADR = [("سوريا", "GPE"), ("Aleppo", "GPE"), ("إدلب", "LOC"), ("الولايات المتحدة", "GPE"), ("رويترز", "ORG"),
        ("وزارة الدفاع الروسية", "ORG"), ("فلاديمير لوغينوف", "PER")]
"""Four agreed groups; disagreements of label (إدلب), boundary (وكالة رويترز) and two missing."""


def at(text: str, words: str) -> tuple[int, int]:
    """The first occurrence of ``words`` (a badr span "رويترز" lies inside amal's "وكالة رويترز")."""
    start = text.index("وكالة رويترز") + len("وكالة ") if words == "رويترز" else text.index(words)
    return start, start + len(words)


def build_review_project(path: Path, seed_text: str) -> Project:
    """The seed article annotated by amal and badr (both done), plus two small documents
    before it in project order: "agree" where they agree, "one" with one disagreement."""
    project = Project.create(path)
    project.add_document("زار بوتين دمشق أمس", title="اتفاق", id="agree")
    project.add_document("قال مسؤول في موسكو إن الهجوم وقع", title="خلاف واحد", id="one")
    project.add_document(seed_text, title="مقتل مقاتليْن روسيين", source="aljazeera.net", id="seed")
    for name, spans in (("amal", AMAL), ("badr", BADR)):
        project.add_spans("seed", name, [(*at(seed_text, words), label) for words, label in spans])
        project.add_span("agree", name, 4, 9, "PER")
        project.set_status("agree", name, Status.DONE)
        project.set_status("one", name, Status.DONE)
        project.set_status("seed", name, Status.DONE)
    project.add_span("one", "amal", 13, 18, "GPE")
    project.add_span("one", "badr", 13, 18, "LOC")
    return project
