"""A tiny tagged news corpus for the entity-model tests (core and CLI)."""

from __future__ import annotations

from annotator import Project
from annotator.model import Status

SKIP_REASON = "the entity model needs spaCy, the 'model' extra: pip install -e '.[model]'"

PEOPLE = ["محمد", "أحمد", "خالد", "سمير", "علي", "يوسف"]
PLACES = ["غزة", "بيروت", "دمشق", "القاهرة", "عمان", "بغداد"]
OUTLETS = ["رويترز", "الجزيرة", "فرانس برس"]


def tagged_sentences(count: int) -> list[tuple[str, list[tuple[int, int, str]]]]:
    """``count`` short news sentences (no two alike), each naming a person, a place and an agency, with their spans."""
    sentences = []
    for n in range(count):
        person, place, outlet = PEOPLE[n % len(PEOPLE)], PLACES[(n * 5) % len(PLACES)], OUTLETS[n % len(OUTLETS)]
        text = f"قال {person} في {place} لوكالة {outlet} إن الوضع صعب منذ {n + 2} أيام ."
        spans = []
        for word, label in ((person, "PER"), (place, "GPE"), (outlet, "ORG")):
            start = text.index(word)
            spans.append((start, start + len(word), label))
        sentences.append((text, spans))
    return sentences


def fill(project: Project, documents: int = 12, *, annotator: str = "mona") -> list[str]:
    """Documents of three tagged sentences and a numbered one each, marked done by ``annotator``."""
    ids = []
    sentences = tagged_sentences(3 * documents)
    for d in range(documents):
        parts = sentences[3 * d : 3 * d + 3]
        text, spans, offset = "", [], 0
        for sentence, sentence_spans in parts:
            spans += [(start + offset, end + offset, label) for start, end, label in sentence_spans]
            text += sentence + " "
            offset = len(text)
        document_id, _ = project.add_document(text + f"الخبر رقم {d} .", id=f"d{d:02}")
        project.add_spans(document_id, annotator, spans)
        project.set_status(document_id, annotator, Status.DONE)
        ids.append(document_id)
    return ids
