"""Which words the suggester takes as QUOTE cues, and the speaker it finds for them."""

from __future__ import annotations

import pytest

from annotator.frames.suggester import suggest


def _quotes(text: str) -> list[dict[str, list[str]]]:
    return [
        {slot: [text[start:end] for start, end in spans] for slot, spans in s.slots.items()}
        for s in suggest(text)
        if s.frame == "QUOTE"
    ]


@pytest.mark.parametrize(
    "text, cue, speaker, content_start",
    [
        ("دعا الرئيس الفرنسي إلى وقف فوري لإطلاق النار.", "دعا", "الرئيس الفرنسي", "إلى وقف"),
        ("يطالب المتظاهرون بالإفراج عن الأسرى.", "يطالب", "المتظاهرون", "بالإفراج"),
        ("توعد الجيش الإسرائيلي بالرد على الهجوم.", "توعد", "الجيش الإسرائيلي", "بالرد"),
        ("اتهمت وزارة الصحة إسرائيل باستهداف المستشفيات.", "اتهمت", "وزارة الصحة", "إسرائيل"),
        ("نفى الجيش وقوع إصابات.", "نفى", "الجيش", "وقوع"),
        ("وشدد الوزير على ضرورة حماية المدنيين.", "شدد", "الوزير", "على ضرورة"),
        ("وحذرت الأمم المتحدة من كارثة إنسانية.", "حذرت", "الأمم المتحدة", "من كارثة"),
        ("و لبنان يهدد بوقف نشر الجيش في الجنوب.", "يهدد", "لبنان", "بوقف"),
    ],
)
def test_verbs_of_asking_charging_and_threatening_with_their_subject(text: str, cue: str, speaker: str, content_start: str) -> None:
    (quote,) = _quotes(text)
    assert quote["CUE"] == [cue] and quote["SPEAKER"] == [speaker]
    assert quote["CONTENT"][0].startswith(content_start)


def test_verbal_nouns_are_cues_only_with_what_was_said() -> None:
    (quote,) = _quotes("وذلك بعد إعلان واشنطن مقتل ثلاثة جنود.")
    assert quote == {"CUE": ["إعلان"], "SPEAKER": ["واشنطن"], "CONTENT": ["مقتل ثلاثة جنود"]}
    (quote,) = _quotes("ورفضت إسرائيل ادعاءات حماس بأن الجنود قتلوا المدنيين.")
    assert quote["CUE"] == ["ادعاءات"] and quote["SPEAKER"] == ["حماس"]
    assert _quotes("احتفلت البلاد بذكرى إعلان الاستقلال في العاصمة.") == []


def test_content_verbs_need_their_own_that() -> None:
    (quote,) = _quotes("وتابع أن الهجوم استهدف قاعدة التنف.")
    assert quote["CUE"] == ["تابع"] and quote["CONTENT"] == ["الهجوم استهدف قاعدة التنف"]
    (quote,) = _quotes("ووصف رئيس الوزراء اللبناني، محاولة الإنزال الفاشلة بأنها خرق فاضح.")
    assert quote["CUE"] == ["وصف"] and quote["SPEAKER"] == ["رئيس الوزراء اللبناني"]
    for text in ["تابعت القوات تقدمها نحو المدينة.", "اتحاد قاري تابع للفيفا، وتحاول الدول أن تتأهل."]:
        assert _quotes(text) == []


def test_impersonal_look_alikes_need_a_named_speaker() -> None:
    for text in ["ويذكر أن المدينة تعرضت للقصف.", "الطفلة التي يُزعم أن حماس اختطفتها.", "يعتبر المسجد من أقدم المساجد."]:
        assert _quotes(text) == []
    (quote,) = _quotes("ويعتبر الوزير أن الهجوم جريمة.")
    assert quote["CUE"] == ["يعتبر"] and quote["SPEAKER"] == ["الوزير"]


def test_words_that_look_like_cues_but_say_nothing() -> None:
    for text in [
        "وقصفت الطائرات المبنى من دون ان توضح سبب القصف.",  # without saying
        "تدين وزارة الخارجية الهجوم على المدنيين.",  # condemning is no statement
        "بحثت الحكومة الأزمة مع الوفد.",  # ب before حثت: a noun, "بحث"
        "استخدم المصطلح لوصف الحرب على الإرهاب.",  # ل before a perfect: a noun
    ]:
        assert _quotes(text) == []


def test_a_statement_quoted_in_the_first_person() -> None:
    text = 'وقالت المؤسسة في بيان "نعلن أن هذا الخبر غير حقيقي".'
    assert [q["CUE"] for q in _quotes(text)] == [["قالت"], ["نعلن"]]
