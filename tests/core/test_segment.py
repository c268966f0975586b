"""The proclitic segmenter: splits only on evidence, never cuts a name."""

from __future__ import annotations

from collections import Counter

import pytest

from annotator.segment_evaluation import evaluate
from annotator.text import Segmenter, clitic_stem_start, segment_clitics, snap_selection, tokenize
from annotator.text.segment import (
    KNOWN_WORDS,
    SEARCHED_WORDS,
    DocumentEvidence,
    document_evidence,
    document_segmenter,
    fold,
    token_count,
    word_counts,
)
from tests.core.test_tokenize import assert_exact_cover, fignews_texts

NAMES = ["بلينكن", "ليفي", "كوهين", "كيغالي", "فيتنام", "بنغازي", "فيروز", "لوغينوف", "ليفني", "كرواتيا", "كهربائية", "فورد"]
"""Names (and a word) that begin with proclitic letters, which older rules cut. Like every
example of evidence here, none is a word of the suggester's editable lexicons (which are
evidence themselves): ``test_examples_are_not_lexicon_words`` checks that."""

BARE = word_counts(["تكون استعادة اتجاه طوكيو"] * 2)
"""A project in which these stems stand alone: the evidence for splitting them off."""


@pytest.mark.parametrize(
    ("word", "pieces", "evidence"),
    [
        ("وبالحكومة", ["و", "ب", "ال", "حكومة"], "lexicon"),
        ("للحكومة", ["ل", "ل", "حكومة"], "lexicon"),
        ("وللحكومة", ["و", "ل", "ل", "حكومة"], "lexicon"),
        ("والولايات", ["و", "ال", "ولايات"], "lexicon"),
        ("الولايات", ["ال", "ولايات"], "lexicon"),
        ("كالعادة", ["ك", "ال", "عادة"], "article"),
        ("وَبِالْحُكُومَةِ", ["وَ", "بِ", "الْ", "حُكُومَةِ"], "lexicon"),
        ("للـحكومة", ["ل", "لـ", "حكومة"], "lexicon"),
        ("بالحديقة", ["ب", "ال", "حديقة"], "article"),
        ("للحديقة", ["ل", "ل", "حديقة"], "article"),
        ("الفلسطينيين", ["ال", "فلسطينيين"], "lexicon"),
        ("والسودان", ["و", "ال", "سودان"], "article"),
        ("وفي", ["و", "في"], "lexicon"),
        ("فإن", ["ف", "إن"], "particle"),
        ("فهل", ["ف", "هل"], "particle"),
        ("ولبنان", ["و", "لبنان"], "lexicon"),
        ("لليبيا", ["ل", "ليبيا"], "lexicon"),
        ("ووزير", ["و", "وزير"], "lexicon"),
        ("والذي", ["و", "الذي"], "lexicon"),
        ("ورويترز", ["و", "رويترز"], "lexicon"),
        ("وقال", ["و", "قال"], "lexicon"),
        ("وتشير", ["و", "تشير"], "lexicon"),
        ("وطوكيو", ["و", "طوكيو"], "project"),
        ("ولذلك", ["و", "ل", "ذلك"], "lexicon"),
        ("سيقول", ["س", "يقول"], "lexicon"),
        ("وستكون", ["و", "س", "تكون"], "project"),
        ("لاستعادة", ["ل", "استعادة"], "project"),
        ("باتجاه", ["ب", "اتجاه"], "project"),
        ("وزير", ["وزير"], "known word"),
        ("وزيرة", ["وزيرة"], "known word"),
        ("بوتين", ["بوتين"], "known word"),
        ("فلسطين", ["فلسطين"], "known word"),
        ("بيان", ["بيان"], "known word"),
        ("كانت", ["كانت"], "known word"),
        ("التي", ["التي"], "known word"),
        ("بين", ["بين"], "none"),
        ("لها", ["لها"], "none"),
        ("فقد", ["فقد"], "known word"),
        ("كانا", ["كانا"], "known word"),  # كان is a lexicon word ("كان يعتقد", claim_blockers.txt)
        ("لاقوا", ["لاقوا"], "known word"),
        ("فبراير", ["فبراير"], "known word"),
        ("سيارة", ["سيارة"], "known word"),
        ("سنة", ["سنة"], "known word"),
        ("ألمانيا", ["ألمانيا"], "known word"),
        *[(name, [name], "none") for name in NAMES],
    ],
)
def test_segment_splits_on_evidence_only(word: str, pieces: list[str], evidence: str) -> None:
    split = Segmenter(bare_counts=BARE).segment(word)
    assert [*split.proclitics, split.stem] == pieces
    assert split.evidence == evidence
    text = f"قال {word}."
    tokens = Segmenter(bare_counts=BARE).segment_tokens(text)
    assert_exact_cover(text, tokens)
    inner = tokens[1 : 1 + len(pieces)]
    assert [t.text for t in inner] == pieces
    assert [t.kind for t in inner] == ["clitic"] * (len(pieces) - 1) + ["word"]


def test_examples_are_not_lexicon_words() -> None:
    """The examples of these tests stand for words without listed evidence; a place or a cue
    added to the suggester's lexicons (which the segmenter reads as evidence) must not change
    what they test, so they are chosen outside the lexicons."""
    examples = ["حديقة", "السودان", "طوكيو", "وطوكيو", "تكون", "استعادة", "اتجاه", *NAMES]
    assert [word for word in examples if fold(word) in KNOWN_WORDS and word not in ("فورد",)] == []


def test_without_evidence_nothing_is_split() -> None:
    assert [t.text for t in segment_clitics("قال وطوكيو وبلينكن بلينكن")] == ["قال", "وطوكيو", "وبلينكن", "بلينكن"]


def test_a_stem_standing_bare_less_often_than_the_word_is_no_evidence() -> None:
    counts = Counter({fold("يفي"): 3, fold("ليفي"): 14, fold("طوكيو"): 1})
    segmenter = Segmenter(bare_counts=counts)
    assert segmenter.segment("ليفي").proclitics == ()
    assert segmenter.segment("وطوكيو").proclitics == ()  # seen alone once: not enough


def test_known_names_are_never_split_and_support_their_stems() -> None:
    segmenter = Segmenter(names=frozenset(map(fold, ["ليفي", "سموتريتش"])), bare_counts=Counter({fold("يفي"): 50}))
    assert (segmenter.segment("ليفي").proclitics, segmenter.segment("ليفي").evidence) == ((), "known word")
    split = segmenter.segment("لسموتريتش")
    assert (split.proclitics, split.stem, split.evidence) == (("ل",), "سموتريتش", "name")


def test_a_dictionary_is_asked_for_the_stem() -> None:
    segmenter = Segmenter(dictionary={fold("فرنسا")}.__contains__)
    assert segmenter.segment("وفرنسا").proclitics == ("و",)
    assert segmenter.segment("ويلز").proclitics == ()


def test_segment_clitics_leaves_other_kinds_whole() -> None:
    text = "#والحكومة ولاية Wall 2017"
    assert [(t.text, t.kind) for t in segment_clitics(text)] == [
        ("#والحكومة", "url"),
        ("ولاية", "word"),
        ("Wall", "latin"),
        ("2017", "number"),
    ]


def test_fignews_posts_segment_into_exact_pieces(shared_dir) -> None:
    for text in fignews_texts(shared_dir)[1::2]:
        tokens = tokenize(text)
        pieces = segment_clitics(text, tokens)
        assert_exact_cover(text, pieces)
        assert len(pieces) >= len(tokens)


@pytest.mark.parametrize(
    ("selection", "stem"),
    [
        ("بالحكومة", "الحكومة"),
        ("وبالحكومة", "الحكومة"),
        ("للحكومة", "لحكومة"),
        ("وللحكومة", "لحكومة"),
        ("والولايات المتحدة", "الولايات المتحدة"),
        ("الولايات المتحدة", "الولايات المتحدة"),
        ("لبوتين", "بوتين"),
        ("وزارة الدفاع", "وزارة الدفاع"),
        ("بيروت", "بيروت"),
        ("Reuters", "Reuters"),
        ("(رويترز", "(رويترز"),
        *[(name, name) for name in NAMES],
    ],
)
def test_clitic_stem_start(selection: str, stem: str) -> None:
    text = f"قال {selection} أمس"
    start = 4
    end = start + len(selection)
    assert text[clitic_stem_start(text, start, end) : end] == stem


def test_clitic_stem_start_stays_inside_the_selection() -> None:
    text = "وبالحكومة"
    assert clitic_stem_start(text, 0, 3) == 0  # "وبا": too short to hold a stem


@pytest.mark.parametrize("name", NAMES)
def test_selecting_a_name_keeps_it_whole(name: str) -> None:
    text = f"قال {name} إن يفي وهين ييف يتنام نغازي يروز وغينوف لينكن وقال"
    tokens = tokenize(text)
    span = snap_selection(text, tokens, 4, 4 + len(name))
    assert span is not None and text[span[0] : span[1]] == name


def test_selection_uses_the_document_as_evidence() -> None:
    text = "زار طوكيو وفد وصل إلى طوكيو ووصل وطوكيو."
    tokens = tokenize(text)
    start = text.index("وطوكيو")
    span = snap_selection(text, tokens, start, start + len("وطوكيو"))
    assert span is not None and text[span[0] : span[1]] == "طوكيو"
    once = "زار وفد طوكيو ووصل وطوكيو."  # طوكيو alone once, as often as وطوكيو: no evidence
    start = once.index("وطوكيو")
    span = snap_selection(once, tokenize(once), start, start + len("وطوكيو"))
    assert span is not None and once[span[0] : span[1]] == "وطوكيو"



def test_evidence_folded_and_counted_in_pieces_is_the_whole_count() -> None:
    text = "زار موسكو وفد\nوصل إلى موسكو ووصل  وموسكو.\n\nوَمُوسكو قال رويترز " * 40
    evidence = DocumentEvidence(text, piece=7)
    steps = 1
    while evidence.step():
        steps += 1
        folded = "".join(evidence._folded)
        assert evidence.counted == 0 or folded[evidence.counted - 1].isspace()
    assert steps > 100
    assert evidence.counts == word_counts([text]) and evidence.counts[fold("موسكو")] == 80
    assert dict(evidence.segmenter().bare_counts) == word_counts([text])


TRICKY = (
    "وَمُوسكو مـوسكو موسكو\u200eموسكو موسكوReuters موسكو7 ٧موسكو «موسكو» موسكو\u200cيه "
    "\u0301موسكو x\u0301موسكو موس\u200fكو الموسكو موسكوف إلى موسكو\nموسكو"
)


@pytest.mark.parametrize("text", [TRICKY, TRICKY * 3 + " رويترز ورويترز رويترزا"])
def test_a_word_searched_for_alone_counts_as_the_whole_count(text: str) -> None:
    folded = DocumentEvidence(text)._whole_folded()
    counts = word_counts([text])
    assert counts[fold("موسكو")] > 3
    for word in [*counts, fold("موسك"), fold("وسكو"), "ال", "كو"]:
        assert token_count(folded, word) == counts[word], word


def test_a_count_read_before_the_counting_is_done_is_searched_for_alone() -> None:
    text = "زار طوكيو وفد وصل إلى طوكيو ووصل وطوكيو. " * 3000
    evidence = document_evidence(text)
    assert evidence.step() and evidence.counted == 0
    segmenter = document_segmenter(text)
    assert segmenter.segment("بوتين").proclitics == () and not evidence._searched  # a known word: no count read
    start = text.index("وطوكيو")
    assert segmenter.stem_start(text, start, start + len("وطوكيو")) == start + 1
    assert evidence.counted == 0 and evidence._searched == {fold("طوكيو"): 6000, fold("وطوكيو"): 3000}
    assert dict(segmenter.bare_counts) == word_counts([text]) and evidence.counted == len(text)
    assert not evidence._searched and segmenter.bare_counts[fold("طوكيو")] == 6000
    assert document_segmenter(text) is segmenter


def test_past_the_searched_words_the_rest_is_counted_at_once() -> None:
    text = " ".join(f"كلمة{chr(0x628 + n % 20)}{chr(0x628 + n // 20)}" for n in range(400))
    evidence = DocumentEvidence(text)
    words = list(word_counts([text]))
    for word in words[:SEARCHED_WORDS]:
        assert evidence.count(word) == 1 and evidence.counted == 0
    assert evidence.count(words[SEARCHED_WORDS]) == 1 and evidence.counts == word_counts([text])


def test_on_the_shared_corpora_names_stay_whole_and_proclitics_split(shared_dir) -> None:
    figures = evaluate(shared_dir)
    assert figures.names > 500 and figures.proclitics > 300
    assert figures.names_whole / figures.names >= 0.95
    assert figures.proclitics_split / figures.proclitics >= 0.7
