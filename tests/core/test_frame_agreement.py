"""Frame agreement measures what it says: SOURCE quotes, counts as intervals, exact and
overlapping slots; two identical layers agree on every frame measure."""

from __future__ import annotations

from typing import Any, Iterator

import pytest

from annotator import Project
from annotator.agreement.compute import compute_agreement
from annotator.agreement.report import agreement_json
from annotator.frames.editing import create_frame_from_selection, fill_slot_from_selection
from annotator.model import SlotFiller

TEXT = (
    "قال مسؤول أميركي يوم الأحد إن ثلاثة جنود على الأقل قتلوا بنيران روسية في دير الزور. "
    "وقالت وزارة الصحة إن نحو عشرين مدنيا أصيبوا بغارات للتحالف في الرقة أمس، وربما قتل اثنان آخران قرب حلب ليلا."
)


def at(words: str, after: str = "") -> tuple[int, int]:
    start = TEXT.index(words, TEXT.index(after) if after else 0)
    return start, start + len(words)


def _quote(project: Project, document: str, name: str, cue: str, speaker: str, content: str) -> int:
    quote = create_frame_from_selection(project, document, name, "QUOTE", *at(cue)).ids[0]
    fill_slot_from_selection(project, quote, "SPEAKER", *at(speaker))
    fill_slot_from_selection(project, quote, "CONTENT", *at(content))
    return quote


def _claim(project: Project, document: str, name: str, trigger: tuple[int, int], slots: dict[str, str], source: int | str, **attributes: Any) -> int:
    claim = create_frame_from_selection(project, document, name, "CASUALTY_CLAIM", *trigger).ids[0]
    for slot, words in slots.items():
        fill_slot_from_selection(project, claim, slot, *at(words))
    if isinstance(source, int):
        project.add_slot_filler(claim, SlotFiller("SOURCE", frame_id=source))
    else:
        fill_slot_from_selection(project, claim, "SOURCE", *at(source))
    if attributes:
        project.set_frame_attributes(claim, attributes)
    return claim


def record(project: Project, document: str, name: str, *, content_end: str = "الزور", count: str = "ثلاثة جنود على الأقل") -> None:
    """Two quotes and three claims with every slot of a claim filled; SOURCE is a quote twice, a span once."""
    first = _quote(project, document, name, "قال", "مسؤول أميركي", TEXT[at("ثلاثة")[0] : at(content_end)[1]])
    second = _quote(project, document, name, "قالت", "وزارة الصحة", "نحو عشرين مدنيا أصيبوا بغارات للتحالف في الرقة أمس")
    _claim(project, document, name, at("قتلوا"), {"COUNT": count, "VICTIM": "جنود", "PERPETRATOR": "روسية",
                                              "LOCATION": "دير الزور", "TIME": "يوم الأحد"}, first)
    _claim(project, document, name, at("أصيبوا"), {"COUNT": "نحو عشرين", "VICTIM": "مدنيا", "PERPETRATOR": "للتحالف",
                                               "LOCATION": "الرقة", "TIME": "أمس"}, second, outcome="injured")
    _claim(project, document, name, at("قتل", after="وربما"), {"COUNT": "اثنان", "VICTIM": "آخران", "PERPETRATOR": "للتحالف",
                                            "LOCATION": "حلب", "TIME": "ليلا"}, "وزارة الصحة", hedged=True)
    project.set_status(document, name, "done")


def measures(value: Any, path: str = "") -> Iterator[tuple[str, Any]]:
    """Every number of a frames report, by its path."""
    if isinstance(value, dict):
        for key, inner in value.items():
            yield from measures(inner, f"{path}.{key}")
    elif not isinstance(value, int) or isinstance(value, bool):
        yield path, value


def frames_of(project: Project) -> dict[str, Any]:
    return agreement_json(compute_agreement(project))["pairs"][0]["frames"]


def test_two_identical_layers_agree_on_every_frame_measure(project: Project) -> None:
    document, _ = project.add_document(TEXT)
    for name in ("ali", "mona"):
        record(project, document, name)
    frames = frames_of(project)
    found = dict(measures(frames))
    undefined = {path for path, value in found.items() if value is None}
    # undefined, not disagreeing: attributes nobody set (via, date), and κ of a mode that is "indirect" everywhere
    assert undefined == {".QUOTE.attributes.via.agreement", ".QUOTE.attributes.via.kappa", ".QUOTE.attributes.mode.kappa",
                         ".CASUALTY_CLAIM.attributes.date.agreement", ".CASUALTY_CLAIM.attributes.date.kappa"}
    assert {path: value for path, value in found.items() if value is not None and value != 1.0} == {}
    claims = frames["CASUALTY_CLAIM"]
    assert claims["slots"]["SOURCE"]["f1"] == claims["slots_exact"]["SOURCE"]["f1"] == 1.0  # quotes and a span
    assert claims["counts"] == {"pairs": 3, "interval_agreement": 1.0}
    assert claims["attributes"]["count_max"]["alpha"] == 1.0 and claims["attributes"]["hedged"]["kappa"] == 1.0


def test_at_least_two_is_not_exactly_two(project: Project) -> None:
    document, _ = project.add_document(TEXT)
    record(project, document, "ali")
    record(project, document, "mona", count="ثلاثة جنود")
    claims = frames_of(project)["CASUALTY_CLAIM"]
    assert claims["counts"] == {"pairs": 3, "interval_agreement": pytest.approx(2 / 3)}
    assert claims["attributes"]["count_min"]["agreement"] == 1.0
    assert claims["attributes"]["count_max"]["pairs"] == 3 and claims["attributes"]["count_max"]["agreement"] == pytest.approx(2 / 3)
    assert claims["attributes"]["count_max"]["alpha"] < 1.0


def test_content_boundaries_count_in_exact_slot_agreement(project: Project) -> None:
    document, _ = project.add_document(TEXT)
    record(project, document, "ali")
    record(project, document, "mona", content_end="روسية")
    quotes = frames_of(project)["QUOTE"]
    assert quotes["slots"]["CONTENT"]["f1"] == 1.0  # they overlap
    assert quotes["slots_exact"]["CONTENT"]["f1"] == 0.5 and quotes["slots_exact"]["SPEAKER"]["f1"] == 1.0
