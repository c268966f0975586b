"""``hedged`` is epistemic and scoped (``annotator.frames.hedging``): a hedge governs the clause
it introduces, not every claim of its sentence. Each case names what the sentence rule
(before session 13) got wrong, where it did."""

from __future__ import annotations

import pytest

from annotator.frames.hedging import is_hedged
from annotator.frames.suggester import suggest


@pytest.mark.parametrize(
    ("text", "trigger", "hedged"),
    [
        # attribution is SOURCE, not a hedge; a hedge inside the attributed clause is one
        ("قال الجيش إن ثلاثة جنود قتلوا", "قتلوا", False),
        ("قال الجيش إن ثلاثة جنود ربما قتلوا", "قتلوا", True),
        ("وقد يكون عشرة قتلوا في القصف", "قتلوا", True),
        ("وقد قتل عشرة في القصف", "قتل", False),
        ("قد تصل الحصيلة إلى 50 قتيلا", "قتيلا", True),
        ("قد لا يكون الخمسة قتلوا في القصف", "قتلوا", True),
        # a hedge after the claim, about another proposition (the sentence rule hedged these)
        ("كما أعلن الجيش الأميركي مقتل ثمانية عراقيين أثناء ملاحقته شخصا يشتبه في صلته بالقاعدة", "مقتل", False),
        ("وفي قضية مقتل 148 شيعيا في الدجيل، قد يواجه حكما بالإعدام", "مقتل", False),
        ("تم إدراجهم في عداد المفقودين - وربما تم اختطافهم", "المفقودين", False),
        ("ذكر الأهالي أن القوات قتلته، كما فقد ثلاثة أشخاص يعتقد أن القوات اعتقلتهم", "قتلته", False),
        # the clause a hedge introduces, with what و coordinates to it, up to the clause's end
        ("تم إدراجهم في عداد المفقودين - وربما تم اختطافهم", "اختطافهم", True),
        ("ذكر الأهالي أن القوات قتلته، كما فقد ثلاثة أشخاص يعتقد أن القوات اعتقلتهم", "اعتقلتهم", True),
        ("قالت تقارير أولية إن 10 آلاف قتلوا في الهجوم وأصيب ألف بينما قتل 5 في هجوم آخر", "أصيب", True),
        ("قالت تقارير أولية إن 10 آلاف قتلوا في الهجوم وأصيب ألف بينما قتل 5 في هجوم آخر", "قتل ", False),
        ("يشتبه في أن الحركتين شاركتا في هجومين، وقعا في مومباي، أسفرا عن مقتل 50 شخصا", "مقتل", False),
        ("قد تتحول المواجهة إلى حرب كما شهدته الصومال عندما قتل 300 ألف شخص", "قتل", False),
        ("قد يواجه حكما بالإعدام في قضية مقتل 148 شيعيا في الدجيل", "مقتل", False),
        ("تضاربت أنباء عن ملابسات مقتل ثمانية عراقيين", "مقتل", False),
        # قد before a perfect beginning with ت asserts: listed (and its forms), or ت...ت
        ("وقد تعرض المبنى لقصف أسفر عن مقتل خمسة", "مقتل", False),
        ("وقد تولت القوات قصف المدينة ما أسفر عن مقتل خمسة", "مقتل", False),
        ("وقد تكبدت القوات خسائر فادحة ومقتل خمسة", "مقتل", False),
        ("قد تتعرض القوات لقصف يسفر عن مقتل خمسة", "مقتل", True),
        # an estimate is approximate, not a hedge
        ("قتل في دارفور مائتا ألف شخص على الأقل منذ 2003، حسب تقديرات الأمم المتحدة", "قتل", False),
        # alleged, rumoured
        ("أبيجيل التي يُزعم أن حماس اختطفتها", "اختطفتها", True),
        ("ونفى المتحدث الأنباء التي ترددت عن مقتل 3 من الحزب في الاشتباكات", "مقتل", True),
        ("نقلت وكالة الأنباء عن مصدر أمني قوله إن 3 من الحزب قتلوا", "قتلوا", False),
        ("ومن المرجح أن يكون خمسة قد قتلوا في القصف", "قتلوا", True),
        ("ويخشى أن يكون خمسة قد قتلوا في القصف", "قتلوا", True),
        # a belief reported as past (كان) hedges nothing
        ("الأميركية التي كان يعتقد أن حماس اختطفتها قتلت على يد الحركة", "قتلت", False),
        ("الأميركية التي كان يعتقد أن حماس اختطفتها قتلت على يد الحركة", "اختطفتها", False),
        # a check that failed: the claim it names, or what it refers back to
        ("ولم يتسن التأكد من مقتل خمسة", "مقتل", True),
        ("وقالت الوزارة إن أكثر من 700 شخص قتلوا. ولم يتسن التحقق بشكل مستقل من الحصيلة.", "قتلوا", True),
        ("قتل خمسة في القصف. ولم يتسن لرويترز التحقق من ذلك.", "قتل", True),
        ("أنباء عن مقتل خمسة. ولم يتسن التأكد من ذلك", "مقتل", True),
        ("قتل خمسة جنود في الغارة. ولم يتسن التأكد من هوية المهاجمين.", "قتل", False),
        ("قتل خمسة جنود في الغارة. وقال الجيش إن القصف مستمر. ولم يتسن التأكد من ذلك.", "قتل", False),
        # a hedge attributing a clause: the clause before it, or after it when it opens the sentence
        ("قتل خمسة في القصف، وفق أنباء أولية", "قتل", True),
        ("وبحسب تقارير أولية، فإن خمسة قتلوا في القصف", "قتلوا", True),
        ("قتل خمسة في القصف، وفق الوزارة", "قتل", False),
    ],
)
def test_a_hedge_governs_its_clause(text: str, trigger: str, hedged: bool) -> None:
    assert is_hedged(text, text.index(trigger)) is hedged


def test_the_suggester_hedges_only_the_claim_in_scope() -> None:
    text = "قتل 3 جنود في الهجوم، وربما قتل 5 آخرون في غارة تلته"
    claims = [s for s in suggest(text) if s.frame == "CASUALTY_CLAIM"]
    assert [(c.attributes["count_min"], c.attributes["hedged"]) for c in claims] == [(3, False), (5, True)]
