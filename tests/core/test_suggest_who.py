"""VICTIM and PERPETRATOR of suggested casualty claims: the ways news names who was hit and
who hit them that the suggester's grammar reads (``annotator/frames/suggester.py``)."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.frames.evaluate import evaluate, load_records
from annotator.frames.suggester import suggest

EVAL_SET = Path(__file__).resolve().parents[1] / "data" / "suggester_eval.jsonl"


def _claims(text: str) -> list[tuple[dict[str, list[str]], tuple]]:
    """Each claim's slots as text, with its count bounds."""
    return [
        ({slot: [text[a:b] for a, b in spans] for slot, spans in s.slots.items()}, (s.attributes["count_min"], s.attributes["count_max"]))
        for s in suggest(text)
        if s.frame == "CASUALTY_CLAIM"
    ]


@pytest.mark.parametrize(
    "text, victim, counts",
    [
        # a victim noun with a possessive suffix, a dual, a noun the lexicon does not list after a count
        ("مقتل اثنين من جنودنا في جباليا.", ["جنودنا"], (2, 2)),
        ("قتل شخصان في اشتباك.", ["شخصان"], (2, 2)),
        ("قتل خمسة متطوعين في الهجوم.", ["متطوعين"], (5, 5)),
        # the words after من after a count: some of a group
        ("وأكد المتحدث مقتل 3 من الحزب في الاشتباكات.", ["الحزب"], (3, 3)),
        # a count further on is no reason to skip the victim right after the trigger
        ("مقتل نائب زعيم حماس من بين أربعة أعضاء", ["نائب"], None),
        # the subject before the trigger, opening its clause or after أن or لقي; a plural leaves the count to the trigger
        ("وقالت الشرطة إن أحد مواطنينا قتل في القصف.", ["أحد مواطنينا"], (1, 1)),
        ("وذكرت الوكالة أن المقاتليْن لقيا حتفهما إثر غارة.", ["المقاتليْن"], (2, 2)),
        ("لقي جندي اسرائيلي مصرع ه في الهجوم .", ["جندي اسرائيلي"], (1, 1)),
        ("بايدن: زوج جادي هاجاي قُتل أيضا في اليوم نفسه", ["زوج جادي هاجاي"], (1, 1)),
        # what a relative pronoun before the trigger refers to: a victim noun, or a name
        ("ووقفوا دقيقة صمت على أرواح زملائهم الذين قتلوا في غزة.", ["زملائهم"], None),
        # no lone clitic, adverb or the subject of an active verb as a victim
        ("ذكرت الشرطة ان ه قتل ب رصاص مسلحين .", None, (1, 1)),
        ("والمسلحون قتلوا خمسة في البلدة.", None, (5, 5)),
        ("الانفجار الذي قتل في المدينة أمس.", None, None),
        ("قتل ثلاثة بانفجار في المدينة.", None, (3, 3)),
        ("اشتبكت مع المسلحين وقتلت خمسة وهناك نساء أخريات قاتلن.", None, (5, 5)),
        # a relative after an apposition: the name between the commas, else the phrase before them
        ("نعت النقابة مصور القناة، أحمد فطيمة، الذي قتله قصف إسرائيلي.", ["أحمد فطيمة"], None),
        ("تم التعرف على جثة روي عيدان، مصور واي نت ويديعوت أحرونوت، الذي قُتل في كفار غزة.", ["روي عيدان"], None),
        # a name after the agent of the trigger
        ("و في بغداد اختطف مجهولون القس سعد سيروب بعد القداس .", ["القس سعد سيروب"], (1, 1)),
    ],
)
def test_victims_named_otherwise(text: str, victim: list[str] | None, counts: tuple | None) -> None:
    (claim, bounds), = _claims(text)
    assert claim.get("VICTIM") == victim
    if counts is not None:
        assert bounds == counts


@pytest.mark.parametrize(
    "text, victims",
    [
        ("قال مصدر ان 12 من مراقبي الامم المتحدة قتلوا او اصيبوا منذ بدء الهجوم .", [["مراقبي الامم المتحدة"]] * 2),
        ("و افادت مصادر امنية عن مقتل و اصابة ستة عسكريين اسرائيليين .", [["عسكريين اسرائيليين"]] * 2),
    ],
)
def test_triggers_joined_by_wa_or_aw_share_a_victim(text: str, victims: list) -> None:
    assert [claim.get("VICTIM") for claim, _ in _claims(text)] == victims


def test_a_name_before_a_relative_is_the_victim_of_both_coordinated_triggers() -> None:
    text = "جولي هي ابنة المرحوم سمدر وروي الذي أصيب واختفى منذ ذلك الحين."
    assert [claim.get("VICTIM") for claim, _ in _claims(text)] == [["روي"], ["روي"]]


@pytest.mark.parametrize(
    "text, perpetrators",
    [
        # after a definite means only a nisba says who; a verb with a pronoun ends the means' phrase
        ("الهجمات تحصد مزيدا من العراقيين بعد مقتل ثمانية في بعقوبة.", [None]),
        ("قتل ثلاثة في هجمات شنها تنظيم الدولة.", [["تنظيم الدولة"]]),
        # a perpetrator is the nearest claim's; another shares it only through و
        ("قال الجيش إن 21 جنديا قتلوا في انهيار مبنى، ودبابة أصيبت بصواريخ أطلقها نشطاء حماس.", [None, ["نشطاء حماس"]]),
        ("قُتلت جوديث على يد الحركة في هجوم - بايدن: زوج جادي هاجاي قُتل أيضا", [["الحركة"], None]),
        ("قتل شخصان و جرح 17 في اشتباكات مع مسلحين", [["مسلحين"], ["مسلحين"]]),
        ("تأكد مقتل 40 في هجوم حماس، ونحو 800 جريح", [["حماس"], ["حماس"]]),
        # a pronoun NewsFANE writes apart: the object of a trigger verb, whose subject is then who acted,
        # and the actor of an operation ("ملاحقة ه")
        ("ف قد ثلاثة اشخاص يعتقد ان القوات الاميركية اعتقلت هم .", [None, ["القوات الاميركية"]]),  # فُقد, as split, is a claim too
        ("كما اعلن الجيش الاميركي مقتل ثمانية عراقيين في بعقوبة ، اثناء ملاحقة ه شخصا .", [["الجيش الاميركي"]]),
        # an operation's pronoun, and the nisba of a listed actor or place after it, in the claim's clause
        ("أعلنت حركة #حماس، تبنيها لهجوم إطلاق النار الذي أدى إلى مقتل ثلاثة أشخاص.", [["#حماس"]]),
        ("إن اغتيال القيادي في بيروت يحمل علامات عملية إسرائيلية.", [["إسرائيلية"]]),
        ("إن اغتيال القيادي في بيروت جاء بعد عملية نوعية.", [None]),
        ("مقتل عضو المكتب السياسي لحماس، وعملية الجيش الإسرائيلي مستمرة.", [None]),
        # a definite means that names no one refers to the attack of the sentence before
        ("قصفت الطائرات الإسرائيلية منزلا في رفح. وقتل في القصف سبعة أشخاص.", [["الطائرات الإسرائيلية"]]),
        ("قصفت الطائرات الإسرائيلية منزلا في رفح.\nوقتل في القصف سبعة أشخاص.", [None]),
        # a verb of attack whose pronoun is its object, its subject past a preposition with a pronoun
        ("قتل 12 شخصا في تفجير انتحاري تبناه تنظيم داعش.", [["تنظيم داعش"]]),
        ("قتل ثلاثة بانفجار عبوة ناسفة زرعها مسلحون.", [["مسلحون"]]),
        ("استشهد شاب بعد أن أطلق عليه جندي إسرائيلي النار.", [["جندي إسرائيلي"]]),
        # the subject of an active trigger verb though it is also a victim noun; no construct after the article
        ("قالت الشرطة إن مسلحين مجهولين قتلوا ثلاثة أشخاص.", [["مسلحين مجهولين"]]),
        ("قتلت الشرطة مسلحين اثنين في اشتباك.", [["الشرطة"]]),
        # the actor a verb of accusing charges with the event
        ("اتهمت الحكومة المتمردين بقتل 20 مدنيا.", [["المتمردين"]]),
        # a trigger verb joined by و to a verb takes its actor subject; no adjective of a means says who
        ("وبعدها الارهابيين حماس أتوا وقتلوا الجميع.", [["حماس"]]),
        ("اسفرت الهجمات الدموية عن مقتل 100 شخص.", [None]),
        ("قتل ثلاثة اشخاص في هجوم مماثل في القصور.", [None]),
        ("و في بغداد اختطف مجهولون القس سعد سيروب .", [["مجهولون"]]),
    ],
)
def test_perpetrators_named_otherwise(text: str, perpetrators: list) -> None:
    assert [claim.get("PERPETRATOR") for claim, _ in _claims(text)] == perpetrators


def test_victim_and_perpetrator_scores_stay_above_floors(shared_dir: Path) -> None:
    """VICTIM and PERPETRATOR filled (precision) on the seen splits after session 13's rules,
    written from their failures: heldout 0.97 (1.00) and 0.95 (0.95), blind 1.00 (1.00) and
    0.86 (1.00), blind2 0.80 (1.00) and 0.62 (0.80), blind3 0.88 (1.00) and 0.42 (0.71), with
    the claim rules landed beside them (more blind2 claims matched); before, 0.84 (1.00) and 0.89
    (0.81), 0.80 (0.92) and 0.86 (1.00), 0.64 (0.94) and 0.36 (0.57), 0.79 (1.00) and 0.25
    (0.50). Floors a little under. dev has no slot gold."""
    records = load_records(EVAL_SET, shared_dir)
    floors = {"heldout": ((0.9, 0.9), (0.85, 0.85)), "blind": ((0.9, 0.9), (0.8, 0.9)), "blind2": ((0.75, 0.9), (0.55, 0.75)),
              "blind3": ((0.8, 0.9), (0.35, 0.6))}
    for split, ((victim_filled, victim_precision), (perpetrator_filled, perpetrator_precision)) in floors.items():
        slots = evaluate([r for r in records if r["split"] == split])["claims"]["slots"]
        victim, perpetrator = slots["victim"], slots["perpetrator"]
        assert victim["filled"] >= victim_filled and victim["precision"] >= victim_precision, (split, victim)
        assert perpetrator["filled"] >= perpetrator_filled and perpetrator["precision"] >= perpetrator_precision, (split, perpetrator)
