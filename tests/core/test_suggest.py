"""The rule-based QUOTE / CASUALTY_CLAIM suggester, its lexicons and its evaluation."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.frames.evaluate import evaluate, load_records
from annotator.frames.lexicon import LEXICON_DIR, Lexicon
from annotator.frames.suggester import FrameSuggestion, suggest
from annotator.text.normalize import PROCLITIC_SEQUENCES, normalize_for_matching
from annotator.text.tokenize import tokenize

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "suggester_eval.jsonl"


def _read(text: str, suggestion: FrameSuggestion) -> dict[str, list[str]]:
    return {slot: [text[start:end] for start, end in spans] for slot, spans in suggestion.slots.items()}


def _frames(text: str, frame: str) -> list[tuple[dict[str, list[str]], dict]]:
    return [(_read(text, s), dict(s.attributes)) for s in suggest(text) if s.frame == frame]


def test_said_that_with_a_count_before_the_verb() -> None:
    text = "وقال المتحدث باسم الجيش إن 21 جنديا قتلوا في انفجار."
    assert _frames(text, "QUOTE") == [
        ({"CUE": ["قال"], "SPEAKER": ["المتحدث باسم الجيش"], "CONTENT": ["21 جنديا قتلوا في انفجار"]}, {"mode": "indirect"})
    ]
    assert _frames(text, "CASUALTY_CLAIM") == [
        (
            {"TRIGGER": ["قتلوا"], "COUNT": ["21"], "VICTIM": ["جنديا"], "SOURCE": ["المتحدث باسم الجيش"]},
            {"outcome": "killed", "count_min": 21, "count_max": 21, "approximate": False, "hedged": False},
        )
    ]


def test_direct_quote_in_guillemets() -> None:
    text = "وقال الوزير: «قتل ثلاثة جنود في الهجوم الليلة الماضية»."
    (quote, attributes), = _frames(text, "QUOTE")
    assert quote["CONTENT"] == ["قتل ثلاثة جنود في الهجوم الليلة الماضية"]
    assert attributes == {"mode": "direct"}
    (claim, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert claim["COUNT"] == ["ثلاثة"] and claim["SOURCE"] == ["الوزير"]


def test_relayed_quote_names_the_reporter() -> None:
    text = "نقلت وكالة رويترز عن مسؤول أميركي أن أكثر من مئة مقاتل قتلوا."
    (quote, attributes), = _frames(text, "QUOTE")
    assert quote["SPEAKER"] == ["مسؤول أميركي"] and attributes == {"mode": "indirect", "via": "وكالة رويترز"}
    (claim, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert (claim["COUNT"], attributes["count_min"], attributes["count_max"]) == (["أكثر من مئة"], 101, None)


def test_attribution_after_the_content_and_a_tally() -> None:
    text = "وارتفع عدد الشهداء في غزة جراء الغارات إلى 25490 منذ بدء الحرب، حسبما أعلنت وزارة الصحة."
    (quote, _), = _frames(text, "QUOTE")
    assert quote == {
        "CUE": ["حسبما أعلنت"],
        "SPEAKER": ["وزارة الصحة"],
        "CONTENT": ["وارتفع عدد الشهداء في غزة جراء الغارات إلى 25490 منذ بدء الحرب"],
    }
    (claim, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert claim == {"TRIGGER": ["الشهداء"], "COUNT": ["25490"], "SOURCE": ["وزارة الصحة"], "LOCATION": ["غزة"], "TIME": ["منذ بدء الحرب"]}
    assert attributes["count_min"] == 25490 and attributes["hedged"] is False  # attributed (SOURCE), not hedged


def test_two_people_nouns_sharing_a_tally_are_one_claim() -> None:
    text = "أعلن المكتب الإعلامي أن عدد القتلى الفلسطينيين في قطاع غزة تجاوز 14 ألف قتيل منذ بدء النزاع."
    (claim, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert claim["TRIGGER"] == ["القتلى", "قتيل"] and claim["COUNT"] == ["تجاوز 14 ألف"]
    assert (attributes["count_min"], attributes["count_max"]) == (14001, None)


def test_event_nouns_counts_and_vague_plurals() -> None:
    text = "أسفر الهجوم عن مقتل 1400 شخص وإصابة العشرات."
    assert _frames(text, "CASUALTY_CLAIM") == [
        (
            {"TRIGGER": ["مقتل"], "COUNT": ["1400"], "VICTIM": ["شخص"]},
            {"outcome": "killed", "count_min": 1400, "count_max": 1400, "approximate": False, "hedged": False},
        ),
        (
            {"TRIGGER": ["إصابة"], "COUNT": ["العشرات"]},
            {"outcome": "injured", "count_min": 30, "count_max": 99, "approximate": True, "hedged": False},
        ),
    ]


def test_duals_singulars_and_implied_counts() -> None:
    assert [a["count_min"] for _, a in _frames("قتيلان في قصف على رفح", "CASUALTY_CLAIM")] == [2]
    assert [(c["VICTIM"], a["count_min"]) for c, a in _frames("إسرائيل تعلن مقتل ضابط", "CASUALTY_CLAIM")] == [(["ضابط"], 1)]
    assert [a["count_max"] for _, a in _frames("والمقاتلان لقيا حتفهما إثر غارة", "CASUALTY_CLAIM")] == [2]
    # a measure is not a count: the singular verb tells the one victim
    (claim, attributes), = _frames("قتل فلاديمير لوغينوف البالغ 52 عاما في المعركة.", "CASUALTY_CLAIM")
    assert "COUNT" not in claim and (attributes["count_min"], attributes["count_max"]) == (1, 1)


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("اقتحموا المنزل وقتله مع سبعة من أفراد عائلته.", (8, 8)),  # the pronoun's one and seven more
        ("قتل الرجل مع زوجته في القصف.", (2, 2)),
        ("استشهدت الطفلة مع والدتها وجدتها.", (3, 3)),
        ("أعلنت الحركة مقتل القائد واثنين من مرافقيه.", (3, 3)),  # a name or noun, then و and a count
        ("ذهب ضحيتها نائب رئيس الحركة، واثنين من مرافقيه.", (3, 3)),
        ("مقتل جندي و3 مدنيين في القصف.", (4, 4)),
        ("قتل جندي خلال اشتباكات مع مسلحين.", (1, 1)),  # مع after a means is who fought, not who died
        ("مقتل 5 جنود مع قائدهم.", (5, 5)),  # companions only join one person
    ],
)
def test_one_victim_and_their_companions_are_added_up(text: str, count: tuple) -> None:
    (_, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert (attributes["count_min"], attributes["count_max"]) == count


@pytest.mark.parametrize(
    "text",
    [
        "قتلوا الأبرياء في القرية.",  # a plural verb: its object is no one person
        "الصحفيون الذين قتلوا بالقنابل.",  # a word with a proclitic is no name
        "اغتيال كبار مسؤولي الحركة في بيروت.",  # a name holding a plural victim noun
        "الى حين تم قتلهم وطرد البقية.",
    ],
)
def test_plural_victims_leave_the_count_unknown(text: str) -> None:
    (_, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert (attributes["count_min"], attributes["count_max"]) == (None, None)


@pytest.mark.parametrize(
    "text",
    [
        "وتمت ترقيته بعد استشهاده في المعركة.",  # the event of someone already named
        "وبمقتلهم يرتفع إلى 395 عدد الجنود الذين سقطوا.",
        "وهي من أبرز الفلسطينيين الذين اعتقلتهم إسرائيل.",  # who they are, not what happened
        "اصابة ضابطين اخرين ، احد هما اصابة ه بالغة",  # a sub-count, besides its claim
        "الأميركية التي كان يعتقد أن حماس اختطفتها",  # a belief overturned
    ],
)
def test_known_events_and_sub_counts_are_no_claims(text: str) -> None:
    triggers = [c["TRIGGER"] for c, _ in _frames(text, "CASUALTY_CLAIM")]
    assert triggers in ([], [["اصابة"]])


def test_claims_the_references_back_leave() -> None:
    assert [c["TRIGGER"] for c, _ in _frames("وقاموا بقتلهم في القرية.", "CASUALTY_CLAIM")] == [["قتلهم"]]
    assert [a["count_min"] for _, a in _frames("فإن عدد الذين اعتقلتهم إسرائيل منذ بدء الحرب تجاوز 3000 معتقل.", "CASUALTY_CLAIM")] == [3001]
    assert [a["count_min"] for _, a in _frames("لا يزال الوادي مفقودًا.", "CASUALTY_CLAIM")] == [1]  # لا يزال denies nothing
    assert [a["count_min"] for _, a in _frames("يُزعم أن حماس اختطفتها.", "CASUALTY_CLAIM")] == [1]


def test_a_count_reaches_its_verb_across_a_relative_clause() -> None:
    text = "قالوا إن ثلاثة على الأقل من المقاتلين الذين يقاتلون مع القوات الحكومية، قتلوا في الواقعة."
    assert [(c.get("COUNT"), a["count_min"], a["count_max"]) for c, a in _frames(text, "CASUALTY_CLAIM")] == [(["ثلاثة على الأقل"], 3, None)]
    text = "ثلاثة من المقاتلين، الذين قاتلوا هناك، قتلوا أمس."  # a comma inside: not followed
    assert [c.get("COUNT") for c, _ in _frames(text, "CASUALTY_CLAIM")] == [None]


def test_a_count_shared_by_joined_outcomes_is_no_ones() -> None:
    counts = lambda text: [(c["TRIGGER"], c.get("COUNT"), a["count_min"]) for c, a in _frames(text, "CASUALTY_CLAIM")]  # noqa: E731
    assert counts("أفادت مصادر عن مقتل و اصابة ستة عسكريين.") == [(["مقتل"], None, None), (["اصابة"], None, None)]
    assert counts("قالوا إن 12 مراقبا قتلوا او اصيبوا.") == [(["قتلوا"], None, None), (["اصيبوا"], None, None)]
    # a count each: each keeps its own
    assert counts("قتل 30 شخصا وأصيب العشرات.") == [(["قتل"], ["30"], 30), (["أصيب"], ["العشرات"], 30)]
    assert [a["count_min"] for _, a in _frames("اشتبكت مع المسلحين وقتلت عددا منهم.", "CASUALTY_CLAIM")] == [3]


def test_counted_verbs_claim_only_with_a_count() -> None:
    assert [(c["TRIGGER"], a["count_min"]) for c, a in _frames("ويقتل 20 طفلا كل يوم.", "CASUALTY_CLAIM")] == [(["يقتل"], 20)]
    assert [(c["TRIGGER"], a["outcome"]) for c, a in _frames("وفقد 3 صحفيين في الحرب.", "CASUALTY_CLAIM")] == [(["فقد"], "missing")]
    assert [(c["TRIGGER"], a["outcome"]) for c, a in _frames("ك ما ف قد ثلاثة اشخاص", "CASUALTY_CLAIM")] == [(["ف قد"], "missing")]
    assert _frames("القنابل تقتل الناس.", "CASUALTY_CLAIM") == []
    assert [c["TRIGGER"] for c, _ in _frames("فقد أعلن الجيش مقتل جندي.", "CASUALTY_CLAIM")] == [["مقتل"]]


def test_people_between_two_outcomes_share_their_count() -> None:
    """«400 بين شهيد وجريح» counts the killed and the injured together: two claims, neither counted."""
    claims = _frames("أربعمئة فلسطيني بين شهيد وجريح في قصف على المخيم.", "CASUALTY_CLAIM")
    assert [(c["TRIGGER"], a["outcome"], a["count_min"]) for c, a in claims] == [(["شهيد"], "killed", None), (["جريح"], "injured", None)]
    assert [a["count_min"] for _, a in _frames("قتل 5 جنود وأصيب 20 آخرون.", "CASUALTY_CLAIM")] == [5, 20]


def test_a_counted_verb_needs_its_count_beside_it() -> None:
    """Unvocalized فقد is mostly ف + قد: a number further on in its clause counts something else."""
    assert _frames("فقد لعب راؤول 36 مباراة مع الفريق.", "CASUALTY_CLAIM") == []
    assert _frames("فقد منحت الشركة مجانا 2 جيجا للمستخدمين.", "CASUALTY_CLAIM") == []
    assert [a["count_min"] for _, a in _frames("ويقتل يوميا 160 طفلا.", "CASUALTY_CLAIM")] == [160]


def test_hedge_words_mark_a_claim() -> None:
    (_, attributes), = _frames("يعتقد أن خمسة أشخاص لقوا حتفهم في الانفجار.", "CASUALTY_CLAIM")
    assert attributes["hedged"] is True and attributes["count_min"] == 5


@pytest.mark.parametrize(
    "text",
    [
        "الجيش الإسرائيلي: المختطفون لم يقتلوا بنيران قواتنا",
        "أفرجت حركة حماس الجمعة عن 13 رهينة.",
        "إسرائيل ستطلق سراح 39 أسيرا فلسطينيا يوم الجمعة.",
        "حجم القتل في غزة غير مسبوق",
        "نتقدم من عائلة الشهيد بأحر العزاء",
        "صفقة لتبادل الأسرى",
        "فإن أحد الصحافيين القتيلين متعاون مع وكالة الأنباء",
    ],
)
def test_no_claim(text: str) -> None:
    assert _frames(text, "CASUALTY_CLAIM") == []


def test_headline_colon_quote_and_its_limits() -> None:
    text = "رويترز عن مصادر أمنية: مقتل القيادي في حماس في ضربة بمسيرة"
    (quote, attributes), = _frames(text, "QUOTE")
    assert quote["CUE"] == [":"] and quote["SPEAKER"] == ["مصادر أمنية"] and attributes["via"] == "رويترز"
    (claim, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert claim["SOURCE"] == ["مصادر أمنية"] and attributes["count_min"] == 1
    for not_a_quote in ["المصدر : وكالات", "خان يونس: عشرات القتلى في غارة", "التفاصيل: الرابط في التعليقات", "الحرب بين إسرائيل وحماس: حصار كامل"]:
        assert _frames(not_a_quote, "QUOTE") == []


@pytest.mark.parametrize(
    ("text", "speakers"),
    [
        ("قتل 5 أشخاص طبقا لوزارة الصحة.", [["وزارة الصحة"]]),
        ("قتل 5 أشخاص، وفقا لأحدث تقرير للأمم المتحدة.", [["أحدث تقرير للأمم المتحدة"]]),
        ("قتل 3 جنود وفق ذات المصدر.", [["ذات المصدر"]]),
        ("رتبت العناصر طبقا للكتلة الذرية.", []),  # in accordance with, as encyclopedic text says it
        ("وذلك حسب الخلفيات التي يتبناها المؤرخ.", []),
        ("تتعامل الآلة مع البيانات وفقا لمجموعة من التعليمات.", []),
    ],
)
def test_accordance_cues_quote_only_a_named_source(text: str, speakers: list) -> None:
    assert [q.get("SPEAKER") for q, _ in _frames(text, "QUOTE")] == speakers


def test_a_participle_right_after_its_noun_is_an_adjective() -> None:
    assert _frames("بعد أن أوقعوا إصابات مؤكدة في صفوفهم.", "QUOTE") == []
    text = "وقالت الوزارة إن القصف مستمر، مؤكدة أن الوضع خطير."
    assert [q["CUE"] for q, _ in _frames(text, "QUOTE")] == [["قالت"], ["مؤكدة"]]


def test_cues_that_are_not_quotes() -> None:
    for text in ["ولم يعلن نتنياهو عن نيته", "ماذا صرح مالك المنصة في المقابلة؟", "الكشف عن مفاجآتها", "تدمير حماس فحسب"]:
        assert _frames(text, "QUOTE") == []
    # a participle carries on the statement before it
    text = "وقال اشتية إن العملية جريمة، محذرا من تداعياتها على المنطقة."
    assert [q["SPEAKER"] for q, _ in _frames(text, "QUOTE")] == [["اشتية"], ["اشتية"]]


def test_seed_article(seed_text: str) -> None:
    claims = [
        (c["TRIGGER"], c.get("COUNT"), a["count_min"], a["count_max"], a["hedged"])
        for c, a in _frames(seed_text, "CASUALTY_CLAIM")
    ]
    assert claims == [
        (["مقتل"], ["مقاتليْن"], 2, 2, False),
        (["لاقوا حتفهم"], ["اثنين على الأقل"], 2, None, False),
        (["قتلوا"], ["أكثر من مئة"], 101, None, False),  # the count stands seven words before its verb
        (["لقيا حتفهما"], ["المقاتليْن"], 2, 2, False),
        (["قتلا"], ["اثنين على الأقل"], 2, None, False),  # its subject's count, across a relative clause
        (["قتل"], None, 1, 1, False),
        (["قتل"], None, 1, 1, False),
        (["مقتل"], None, 1, 1, False),
        (["قتل"], None, 1, 1, False),
    ]
    cues = [q["CUE"][0] for q, _ in _frames(seed_text, "QUOTE")]
    assert cues == ["قال", "نقلت", "ذكرت", "ذكرت", "تشير", "قالت", "نافية", "قالوا", "أعلن", "معتبرا", "أعلنت", "قالت", "إعلان"]


def _on_word_boundaries(text: str, span: tuple[int, int], tokens) -> bool:
    """The span ends a token and starts one, or starts inside one right after its proclitics."""
    start, end = span
    if not any(token.end == end for token in tokens):
        return False
    token = next(t for t in tokens if t.start <= start < t.end)
    before = normalize_for_matching(text[token.start : start]).text
    return start == token.start or before in {"".join(p for p, _ in chain) for chain in PROCLITIC_SEQUENCES}


def test_spans_on_word_boundaries_without_proclitics(shared_dir: Path) -> None:
    records = load_records(EVAL_SET, shared_dir)
    checked = 0
    for record in records:
        text = record["text"]
        tokens = tokenize(text)
        for suggestion in suggest(text):
            for slot, spans in suggestion.slots.items():
                for span in spans:
                    assert 0 <= span[0] < span[1] <= len(text)
                    assert _on_word_boundaries(text, span, tokens), (slot, text[span[0] : span[1]])
                    if slot in ("CUE", "TRIGGER"):  # وفق and وصف start with their own و
                        assert not text[span[0] : span[1]].startswith("و") or text[span[0] : span[1]].startswith(("وف", "وص"))
                    checked += 1
    assert checked > 300


def test_held_out_scores_stay_above_floors(shared_dir: Path) -> None:
    """Measured when the rules were frozen: claims P 0.94 R 0.88 (count 0.96), quotes P 1.0 R 0.87
    (1.0 since session 13's quote cues, read on its failures)."""
    records = load_records(EVAL_SET, shared_dir)
    held_out = [r for r in records if r["split"] == "heldout"]
    assert len(held_out) * 2 >= len([r for r in records if r["split"] in ("dev", "heldout")]) and len(records) >= 70
    scores = evaluate(held_out)
    assert scores["claims"]["precision"] >= 0.85
    assert scores["claims"]["recall"] >= 0.80
    assert scores["claims"]["count_accuracy"] >= 0.80
    assert scores["quotes"]["precision"] >= 0.90
    assert scores["quotes"]["recall"] >= 0.95
    slots = scores["claims"]["slots"]  # session 12: 0.84, 0.89, 0.81, 0.79 (the rules were developed on these)
    assert slots["victim"]["filled"] >= 0.8 and slots["time"]["filled"] >= 0.7
    assert slots["perpetrator"]["filled"] >= 0.8 and slots["location"]["filled"] >= 0.75
    assert slots["perpetrator"]["precision"] >= 0.7 and slots["location"]["precision"] >= 0.65
    assert scores["claims"]["hedged"]["accuracy"] >= 0.9  # session 13: 1.0 (45 of 45), attribution is no hedge


def test_blind_scores_stay_above_floors(shared_dir: Path) -> None:
    """The "blind" split, labelled before the suggester ever read it (session 11): claims P 0.95
    R 1.0 (count 0.95), quotes P 1.0 R 1.0. Seen since session 12 (its failures read, slot rules
    tuned on them): SPEAKER 0.90, VICTIM 0.80, PERPETRATOR 0.86, LOCATION 0.88, TIME 0.71
    filled (session 13, without the text it shared with dev). Floors a little under, to catch
    a rule that breaks it."""
    blind = [r for r in load_records(EVAL_SET, shared_dir) if r["split"] == "blind"]
    assert len(blind) >= 14 and sum(len(r["claims"]) for r in blind) >= 20
    scores = evaluate(blind)
    assert scores["claims"]["precision"] >= 0.9 and scores["claims"]["recall"] >= 0.9
    assert scores["claims"]["count_accuracy"] >= 0.9
    assert scores["quotes"]["precision"] >= 0.9 and scores["quotes"]["recall"] >= 0.9
    assert scores["quotes"]["slots"]["speaker"]["filled"] >= 0.9  # session 13: 1.0
    slots = scores["claims"]["slots"]
    assert slots["victim"]["filled"] >= 0.75 and slots["time"]["filled"] >= 0.55
    assert slots["perpetrator"]["filled"] >= 0.75 and slots["location"]["filled"] >= 0.8
    assert slots["perpetrator"]["precision"] >= 0.8 and slots["location"]["precision"] >= 0.8
    assert scores["claims"]["hedged"]["accuracy"] >= 0.9  # session 12: 1.0


def test_blind2_scores_stay_above_floors(shared_dir: Path) -> None:
    """The "blind2" split, every slot and ``hedged`` labelled before the suggester read it
    (session 12), chosen for hedges near claims: claims P 0.93 R 0.80 (count 0.89), hedged
    1.0 (session 13's scope rule, written on its failures; 0.36 before), quotes P 0.92 R
    0.85 (1.0, 1.0 after session 13's quote cues, read on its failures), SPEAKER 0.95 (1.0), CONTENT 0.96, COUNT 1.0, VICTIM 0.64, SOURCE 0.69, PERPETRATOR 0.27,
    LOCATION 0.47, TIME 0.30 filled. Floors a little under."""
    records = load_records(EVAL_SET, shared_dir)
    blind2 = [r for r in records if r["split"] == "blind2"]
    others = {r["text"] for r in records if r["split"] != "blind2"}
    assert len(blind2) >= 15 and not others & {r["text"] for r in blind2}
    claims = [claim for record in blind2 for claim in record["claims"]]
    assert len(claims) >= 30 and sum(claim["hedged"] for claim in claims) >= 5
    assert all({"count", "source", "approximate"} <= claim.keys() for claim in claims)
    assert all({"speaker", "content"} <= quote.keys() for record in blind2 for quote in record["quotes"])
    scores = evaluate(blind2)
    assert scores["claims"]["precision"] >= 0.85 and scores["claims"]["recall"] >= 0.75
    assert scores["claims"]["count_accuracy"] >= 0.8 and scores["claims"]["hedged"]["accuracy"] >= 0.9
    assert scores["quotes"]["precision"] >= 0.95 and scores["quotes"]["recall"] >= 0.95  # session 13: 1.0, 1.0
    quotes = scores["quotes"]["slots"]
    assert quotes["speaker"]["filled"] >= 0.9 and quotes["content"]["filled"] >= 0.9
    slots = scores["claims"]["slots"]
    assert slots["count"]["filled"] >= 0.9 and slots["victim"]["filled"] >= 0.6 and slots["source"]["filled"] >= 0.6
    assert slots["perpetrator"]["filled"] >= 0.25 and slots["location"]["filled"] >= 0.4 and slots["time"]["filled"] >= 0.25


def test_blind4_scores_stay_above_floors(shared_dir: Path) -> None:
    """The "blind4" split (session 13), labelled apart from the text alone and scored only in
    totals until the session's end, so its figures are the blind ones: claims P 0.90 R 0.73
    (count 0.79), hedged 0.95, quotes P 0.81 R 0.76, SPEAKER 0.94, VICTIM 0.81, LOCATION 0.82,
    TIME 0.40, PERPETRATOR 0.0 filled. Floors a little under, to catch a rule that breaks it."""
    records = load_records(EVAL_SET, shared_dir)
    blind4 = [r for r in records if r["split"] == "blind4"]
    assert len(blind4) == 30 and sum(len(r["claims"]) for r in blind4) >= 25
    assert all({"count", "source", "approximate", "hedged"} <= c.keys() for r in blind4 for c in r["claims"])
    scores = evaluate(blind4)
    assert scores["claims"]["precision"] >= 0.85 and scores["claims"]["recall"] >= 0.7
    assert scores["claims"]["count_accuracy"] >= 0.75 and scores["claims"]["hedged"]["accuracy"] >= 0.9
    assert scores["quotes"]["precision"] >= 0.75 and scores["quotes"]["recall"] >= 0.7
    assert scores["quotes"]["slots"]["speaker"]["filled"] >= 0.85
    slots = scores["claims"]["slots"]
    assert slots["victim"]["filled"] >= 0.75 and slots["location"]["filled"] >= 0.75 and slots["time"]["filled"] >= 0.4


def test_evaluate_scores_slots_by_overlap() -> None:
    text = "قتل ثلاثة جنود في غزة أمس"
    gold = {"trigger": [0, 3], "count_min": 3, "count_max": 3, "outcome": "killed",
            "victim": [[10, 14]], "location": [[18, 21]], "time": [], "perpetrator": []}
    found = FrameSuggestion("CASUALTY_CLAIM", {"TRIGGER": ((0, 3),), "VICTIM": ((10, 14),), "TIME": ((22, 25),)},
                            {"outcome": "killed", "count_min": 3, "count_max": 3})
    slots = evaluate([{"text": text, "claims": [gold], "quotes": []}], lambda _: [found])["claims"]["slots"]
    assert slots == {
        "victim": {"gold": 1, "suggested": 1, "right": 1, "filled": 1.0, "precision": 1.0},
        "perpetrator": {"gold": 0, "suggested": 0, "right": 0, "filled": None, "precision": None},
        "location": {"gold": 1, "suggested": 0, "right": 0, "filled": 0.0, "precision": None},
        "time": {"gold": 0, "suggested": 1, "right": 0, "filled": None, "precision": 0.0},
    }


def test_evaluate_counts_overlaps_one_to_one() -> None:
    text = "قتل ثلاثة وأصيب خمسة"
    records = [
        {
            "text": text,
            "claims": [
                {"trigger": [0, 3], "count_min": 3, "count_max": 3, "outcome": "killed"},
                {"trigger": [11, 15], "count_min": 5, "count_max": 5, "outcome": "injured"},
            ],
            "quotes": [{"cue": [0, 1]}],
        }
    ]

    def fake(_: str) -> list[FrameSuggestion]:
        claim = {"outcome": "killed", "count_min": 3, "count_max": 3}
        return [
            FrameSuggestion("CASUALTY_CLAIM", {"TRIGGER": ((0, 2),)}, claim),
            FrameSuggestion("CASUALTY_CLAIM", {"TRIGGER": ((1, 3),)}, {**claim, "count_min": 2}),
            FrameSuggestion("CASUALTY_CLAIM", {"TRIGGER": ((11, 12),)}, {**claim, "count_min": 5, "count_max": 5}),
        ]

    scores = evaluate(records, fake)
    assert scores["claims"] == {
        "gold": 2,
        "predicted": 3,
        "matched": 2,
        "precision": 2 / 3,
        "recall": 1.0,
        "f1": 0.8,
        "count_accuracy": 1.0,
        "outcome_accuracy": 0.5,
        "slots": {},
        "hedged": {"claims": 0, "right": 0, "accuracy": None, "gold_hedged": 0, "suggested_hedged": 0},
    }
    assert scores["quotes"] == {"gold": 1, "predicted": 0, "matched": 0, "precision": 0.0, "recall": 0.0, "f1": 0.0}


def test_evaluate_scores_hedged_over_matched_claims_with_hedged_gold() -> None:
    text = "ربما قتل ثلاثة. قال الجيش إن خمسة أصيبوا. فقد اثنان. أسر واحد."
    gold = [
        {"trigger": [5, 8], "count_min": 3, "count_max": 3, "outcome": "killed", "hedged": True},
        {"trigger": [34, 40], "count_min": 5, "count_max": 5, "outcome": "injured", "hedged": False},
        {"trigger": [42, 45], "count_min": 2, "count_max": 2, "outcome": "missing", "hedged": False},
        {"trigger": [53, 56], "count_min": 1, "count_max": 1, "outcome": "captured"},  # no hedged gold: not scored
    ]

    def claim(start: int, end: int, hedged: bool) -> FrameSuggestion:
        return FrameSuggestion("CASUALTY_CLAIM", {"TRIGGER": ((start, end),)},
                               {"outcome": "killed", "count_min": 1, "count_max": 1, "hedged": hedged})

    # the hedged claim found hedged, the attributed one wrongly hedged, the third one not found
    found = [claim(5, 8, True), claim(34, 40, True), claim(53, 56, True)]
    hedged = evaluate([{"text": text, "claims": gold, "quotes": []}], lambda _: found)["claims"]["hedged"]
    assert hedged == {"claims": 2, "right": 1, "accuracy": 0.5, "gold_hedged": 1, "suggested_hedged": 2}
    found = [claim(5, 8, False), claim(34, 40, False), claim(42, 45, False)]
    hedged = evaluate([{"text": text, "claims": gold, "quotes": []}], lambda _: found)["claims"]["hedged"]
    assert hedged == {"claims": 3, "right": 2, "accuracy": 2 / 3, "gold_hedged": 1, "suggested_hedged": 0}


def test_evaluate_scores_source_count_content_and_approximate() -> None:
    text = "قال الجيش إن نحو عشرة قتلوا"
    gold = {"trigger": [22, 27], "count_min": 10, "count_max": 10, "approximate": True, "outcome": "killed",
            "count": [[13, 21]], "source": [[4, 9]]}
    quote = {"cue": [0, 3], "speaker": [[4, 9]], "content": [[13, 27]]}
    found = [
        FrameSuggestion("QUOTE", {"CUE": ((0, 3),), "SPEAKER": ((4, 9),), "CONTENT": ((10, 12),)}, {}),
        FrameSuggestion("CASUALTY_CLAIM", {"TRIGGER": ((22, 27),), "COUNT": ((17, 21),), "SOURCE": ((4, 9),)},
                        {"outcome": "killed", "count_min": 10, "count_max": 10, "approximate": False}),
    ]
    scores = evaluate([{"text": text, "claims": [gold], "quotes": [quote]}], lambda _: found)
    assert scores["claims"]["count_accuracy"] == 0.0  # the bounds agree, approximate does not
    assert scores["claims"]["slots"]["count"]["right"] == 1 and scores["claims"]["slots"]["source"]["right"] == 1
    assert scores["quotes"]["slots"]["speaker"]["right"] == 1
    assert scores["quotes"]["slots"]["content"] == {"gold": 1, "suggested": 1, "right": 0, "filled": 0.0, "precision": 0.0}


def test_every_claim_of_the_eval_set_has_hedged_gold(shared_dir: Path) -> None:
    records = load_records(EVAL_SET, shared_dir)
    claims = [claim for record in records for claim in record["claims"]]
    assert all(isinstance(claim.get("hedged"), bool) for claim in claims)
    assert sum(claim["hedged"] for claim in claims) >= 7


def test_no_text_is_in_two_records_of_the_eval_set() -> None:
    """A text in two records is scored twice, and in two splits it leaks the one the rules
    were developed on into the one that measures them (session 13 found a dev text in blind)."""
    records = [json.loads(line) for line in EVAL_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_text: dict[str, list[str]] = {}
    for record in records:
        by_text.setdefault(record["sha1"], []).append(f"{record['split']} {record['source']}")
    assert len(records) > 90 and not {sha1: where for sha1, where in by_text.items() if len(where) > 1}


def test_eval_set_is_checked_against_the_corpus(tmp_path: Path, shared_dir: Path) -> None:
    line = json.loads(EVAL_SET.read_text(encoding="utf-8").splitlines()[0])
    bad = tmp_path / "eval.jsonl"
    bad.write_text(json.dumps({**line, "sha1": "000000000000"}) + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=r"eval\.jsonl:1: .*sha1 differs"):
        load_records(bad, shared_dir)
    bad.write_text('{"source": "seeds/x.txt#L1"\n', encoding="utf-8")
    with pytest.raises(FormatError, match=r"eval\.jsonl:1: bad record"):
        load_records(bad, shared_dir)


@pytest.fixture
def lexicon_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "lexicons"
    shutil.copytree(LEXICON_DIR, folder)
    return folder


def test_an_edited_lexicon_changes_suggestions(lexicon_dir: Path) -> None:
    text = "سقط ثلاثة جنود في المعركة"
    assert suggest(text) == []
    path = lexicon_dir / "triggers_killed.txt"
    path.write_text(path.read_text(encoding="utf-8").replace("[events]\n", "[events]\nسقط\n"), encoding="utf-8")
    (claim,) = suggest(text, Lexicon.load(lexicon_dir))
    assert claim.attributes["count_min"] == 3 and _read(text, claim)["TRIGGER"] == ["سقط"]


@pytest.mark.parametrize(
    ("name", "line", "message"),
    [
        ("triggers_killed.txt", "[dead]", r"triggers_killed\.txt:\d+: unknown section \[dead\]"),
        ("triggers_killed.txt", "قتل = كثير", r"triggers_killed\.txt:\d+: expected 'phrase = number'"),
        ("attribution_cues.txt", "وفق ... ما", r"attribution_cues\.txt:\d+: '\.\.\.' must stand once between two words"),
        ("hedges.txt", "... يعتقد", r"hedges\.txt:\d+: '\.\.\.' must stand once between two words"),
        ("victims.txt", "جندي | جنود | عسكر", r"victims\.txt:\d+: expected 'singular \| plurals'"),
        ("tally_words.txt", "\u064b\u064c", r"tally_words\.txt:\d+: entry .* has no letters"),
    ],
)
def test_lexicon_errors_name_file_and_line(lexicon_dir: Path, name: str, line: str, message: str) -> None:
    path = lexicon_dir / name
    path.write_text(path.read_text(encoding="utf-8") + line + "\n", encoding="utf-8")
    with pytest.raises(FormatError, match=message):
        Lexicon.load(lexicon_dir)


def test_missing_lexicon_file(lexicon_dir: Path) -> None:
    (lexicon_dir / "speakers.txt").unlink()
    with pytest.raises(FormatError, match=r"speakers\.txt: cannot read lexicon"):
        Lexicon.load(lexicon_dir)


def test_every_shipped_lexicon_has_a_header() -> None:
    for path in sorted(LEXICON_DIR.glob("*.txt")):
        assert path.read_text(encoding="utf-8").startswith("# "), path.name


def test_a_huge_text_is_read_in_pieces_with_the_same_suggestions(seed_text: str, monkeypatch) -> None:
    """The suggester takes a long text a piece at a time: each piece's suggestions are those
    of the piece alone, moved to its offsets, and time grows with the length, not its square."""
    import annotator.frames.suggester as suggester

    text = "\n".join([seed_text.strip()] * 6)
    whole = suggester.suggest(text)
    monkeypatch.setattr(suggester, "PIECE", len(seed_text) + 10)
    pieces = list(suggester.suggest_pieces(text))
    assert len(pieces) == 6 and pieces[-1][0] == len(text)
    assert [found for _, piece in pieces for found in piece] == whole
    one = suggester.suggest(seed_text.strip())
    assert len(whole) == 6 * len(one)


@pytest.mark.parametrize(
    "text, expected, counts",
    [
        ("قتل ثلاثة مدنيين بنيران أميركية في دير الزور أمس.",
         {"PERPETRATOR": ["أميركية"], "LOCATION": ["دير الزور"], "TIME": ["أمس"], "VICTIM": ["مدنيين"]}, (3, 3)),
        ("أصيب عشرة أشخاص في قصف إسرائيلي على محافظة رفح في 7 فبراير.",
         {"PERPETRATOR": ["إسرائيلي"], "LOCATION": ["محافظة رفح"], "TIME": ["7 فبراير"]}, (10, 10)),
        ("وأسفر القصف عن مقتل 5 من مقاتلي حماس قرب بلدة بيت حانون يوم الأحد.",
         {"VICTIM": ["مقاتلي حماس"], "LOCATION": ["بلدة بيت حانون"], "TIME": ["يوم الأحد"]}, (5, 5)),
        ("وقال زملاء إن اثنين على الأقل من الروس الذين يقاتلون هناك قتلا.", {"COUNT": ["اثنين على الأقل"]}, (2, None)),
        ("وأصيب عدداً غير معروف من المدنيين بغارات للتحالف.",
         {"COUNT": ["عدداً غير معروف"], "PERPETRATOR": ["للتحالف"]}, (None, None)),
        ("وقالت الشرطة إن عدد المعتقلين يصل إلى 1000 شخص.", {"COUNT": ["يصل إلى 1000"]}, (1000, 1000)),
        ("مقتل صالح العاروري في غارة على بيروت", {"VICTIM": ["صالح العاروري"]}, (1, 1)),  # a named victim counts one
    ],
)
def test_every_slot_of_a_claim(text: str, expected: dict, counts: tuple) -> None:
    (claim, attributes), = _frames(text, "CASUALTY_CLAIM")
    assert {slot: claim.get(slot) for slot in expected} == expected
    assert (attributes["count_min"], attributes["count_max"]) == counts


@pytest.mark.parametrize(
    "text, expected",
    [
        # the subject of a verb of attack before it; the words after it are its object
        ("الطيران الإسرائيلي يقصف مستشفى في غزة ويتسبب في إصابة أكثر من 500 مدني.",
         {"PERPETRATOR": ["الطيران الإسرائيلي"], "LOCATION": ["غزة"]}),
        ("وقالت مصادر إن قوات النظام قصفت بلدة كفر نبل وقتلت 4 مدنيين.",
         {"PERPETRATOR": ["قوات النظام"], "LOCATION": ["بلدة كفر نبل"]}),
        # a pronoun on a means refers to the nearest actor before it; على after a means names its target
        ("اعترفت حركة حماس بأخطاء أدت إلى مقتل مدنيين خلال هجومها على إسرائيل.",
         {"PERPETRATOR": ["حركة حماس"], "LOCATION": ["إسرائيل"]}),
        ("وأعلن الجيش الإسرائيلي أنه قصف مواقع في جنوب لبنان ما أدى إلى مقتل 3 مسلحين.",
         {"PERPETRATOR": ["الجيش الإسرائيلي"], "LOCATION": ["جنوب لبنان"]}),
        # the agent right after an event trigger; a relative's verb takes no object for its subject
        ("اعتقلت قوات الاحتلال 20 فلسطينيا في الضفة الغربية.", {"PERPETRATOR": ["قوات الاحتلال"], "LOCATION": ["الضفة الغربية"]}),
        ("وأسفر الهجوم الذي استهدف القوات الأمريكية عن مقتل 3 جنود.", {"PERPETRATOR": None}),
        ("قوات الاحتلال اعتقلت 15 فلسطينيا في نابلس", {"PERPETRATOR": ["قوات الاحتلال"], "LOCATION": ["نابلس"]}),
        ("وقد احتجزت الجماعة المسلحة الرهائن لمدة 100 يوم.", {"PERPETRATOR": ["الجماعة المسلحة"], "VICTIM": ["الرهائن"]}),
        # a nisba after a means says who; the word after it is no part of it
        ("وتسبب القصف الإسرائيلي المرتبط بالأحداث في مقتل 3 أشخاص", {"PERPETRATOR": ["الإسرائيلي"]}),
        # a pronoun on a verb is its object: the subject follows ("شنته عليها حركة حماس")
        ("ردا على الهجوم الذي شنته عليها حركة حماس وأدى إلى مقتل 1200 شخص.", {"PERPETRATOR": ["حركة حماس"]}),
        # after a preposition a verb of attack is a verbal noun, and a verb of effect no perpetrator
        ("اغتيال صالح العاروري في قصف استهدف منطقة المشرفية بضاحية بيروت الجنوبية",
         {"PERPETRATOR": None, "LOCATION": ["منطقة المشرفية بضاحية بيروت الجنوبية"]}),
        # places next to each other are one; a hashtag names a place; an unlisted place after قرب
        ("استشهد 12 شخصا في غارات على مخيم جباليا للاجئين شمال قطاع غزة.",
         {"LOCATION": ["مخيم جباليا للاجئين شمال قطاع غزة"]}),
        ("مقتل ثلاثة أشخاص في هجوم في #القدس", {"LOCATION": ["#القدس"]}),
        ("جنازة لضابط قُتل في هجوم #حماس", {"PERPETRATOR": ["#حماس"]}),
        ("قتل جنديان قرب الحدود السورية.", {"LOCATION": ["الحدود السورية"]}),
        # with no place in its sentence, the place of the sentence before, in its paragraph
        ("سقطت قذائف على مدينة درعا. وقتل 5 أشخاص.", {"LOCATION": ["مدينة درعا"]}),
        ("سقطت قذائف على مدينة درعا.\nوقتل 5 أشخاص.", {"LOCATION": None}),
        # inside reported content, the speaker's time and place are not the event's; a place
        # before the cue is the scene ("وفي الموصل أعلنت الشرطة")
        ("وقالت الوزارة في غزة يوم الجمعة إن 11 ألف شخص قتلوا.", {"LOCATION": None, "TIME": None}),
        ("قتل 11 ألف شخص، وفق ما أعلنت الوزارة في غزة يوم الجمعة.", {"LOCATION": None, "TIME": None}),
        ("وفي الموصل أعلنت الشرطة مقتل أربعة أشخاص في انفجار.", {"LOCATION": ["الموصل"]}),
        # a pronoun on the complementizer before an active trigger verb (it has an object)
        ("وأعلن الجيش العراقي أنه قتل خمسة مسلحين.", {"PERPETRATOR": ["الجيش العراقي"]}),
        ("وقالت الوزارة إنهم قتلوا في غارة.", {"PERPETRATOR": None}),
        # a means' target after على though unlisted; no place after بلا
        ("مقتل 20 شخصا في هجوم على قافلة المساعدات", {"LOCATION": ["قافلة المساعدات"]}),
        ("وأصيب ثلاثة من أطباء بلا حدود.", {"LOCATION": None}),
        # the only place of a long sentence, though further than the reach
        ("لقي جندي مصرعه وأصيب ثلاثة آخرون بجراح في عملية هي الأولى من نوعها منذ أن توقفت "
         "العمليات الحربية بين الجانبين قبل عدة أشهر في جنوب لبنان.", {"LOCATION": ["جنوب لبنان"]}),
    ],
)
def test_perpetrators_and_places_named_otherwise(text: str, expected: dict) -> None:
    claim = _frames(text, "CASUALTY_CLAIM")[-1][0]
    assert {slot: claim.get(slot) for slot in expected} == expected


def test_texts_that_end_early_or_hold_a_lone_tatweel() -> None:
    (claim, attributes), = _frames("ارتفاع حصيلة الشهداء إلى 25 ألفا", "CASUALTY_CLAIM")  # was an IndexError
    assert claim["COUNT"] == ["25 ألفا"] and attributes["count_min"] == 25000
    (quote, _), = _frames("ـ قال إن الجنود قتلوا", "QUOTE")  # a lone tatweel before a cue was an IndexError
    assert quote["CUE"] == ["قال"]


def test_a_total_of_killed_and_injured_is_two_claims() -> None:
    text = "وارتفع عدد القتلى والجرحى في القصف إلى 88 شهيداً و1391 جريحاً."
    assert [(c["TRIGGER"], a["count_min"], a["outcome"]) for c, a in _frames(text, "CASUALTY_CLAIM")] == [
        (["القتلى", "شهيداً"], 88, "killed"), (["الجرحى", "جريحاً"], 1391, "injured")]


def test_a_speaker_across_a_relative_clause(seed_text: str) -> None:
    speakers = [(q["CUE"][0], q.get("SPEAKER")) for q, _ in _frames(seed_text, "QUOTE")]
    assert ("قالت", ["وزارة الدفاع الروسية"]) in speakers  # "وزارة الدفاع الروسية التي تدعم ... في الحرب، قالت"
