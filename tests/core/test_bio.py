"""Tag helpers: parsing, scheme detection, decoding, encoding and character alignment."""

from __future__ import annotations

import pytest

from annotator.errors import AnnotatorError
from annotator.formats.bio import (
    AlignmentReport,
    Repair,
    SpanNote,
    TagError,
    char_spans_to_token_spans,
    detect_scheme,
    mend_tag,
    parse_tag,
    spans_to_tags,
    tags_to_spans,
)


@pytest.mark.parametrize(
    "tag, parsed",
    [
        ("O", ("O", "")),
        ("B-PER", ("B", "PER")),
        ("I-Other_PER", ("I", "Other_PER")),
        ("B-Population-Center", ("B", "Population-Center")),
        ("B-MIS-1", ("B", "MIS-1")),
        ("B-ENGLISH", ("B", "ENGLISH")),
        ("E-LOC", ("E", "LOC")),
        ("S-LOC", ("S", "LOC")),
        ("L-LOC", ("E", "LOC")),
        ("U-LOC", ("S", "LOC")),
        ("B-شخص", ("B", "شخص")),
    ],
)
def test_parse_tag_reads_prefix_and_label(tag, parsed):
    assert parse_tag(tag) == parsed


@pytest.mark.parametrize("tag", ["IO", "OO", "I--ORG", "B-MIS1`", "B-", "b-PER", "B-PER-", "X-PER", "O-PER", "", "B PER"])
def test_parse_tag_rejects_what_is_not_a_tag(tag):
    with pytest.raises(TagError) as caught:
        parse_tag(tag)
    assert str(caught.value) == f"{tag!r} is not a tag"
    assert isinstance(caught.value, AnnotatorError)


@pytest.mark.parametrize(
    "sequences, scheme",
    [
        ([["I-PER", "I-PER", "B-PER", "O"]], "iob1"),
        ([["B-PER", "I-PER", "B-PER", "O"]], "iob2"),
        ([["B-PER", "E-PER", "S-PER", "O"]], "bioes"),
        ([["O", "U-LOC"]], "bioes"),
        ([["I-PER", "O"], ["O", "B-LOC"]], "iob2"),  # a B- after O anywhere rules out IOB1
        ([["I-PER", "I-LOC"], ["I-PER", "B-PER"]], "iob1"),
        ([["O", "O"], []], "iob2"),  # no evidence
        ([["IO", "I-PER", "OO"]], "iob1"),  # unreadable tags count as O
    ],
)
def test_detect_scheme(sequences, scheme):
    assert detect_scheme(sequences) == scheme


TAGS = ["I-PER", "I-PER", "B-PER", "O", "B-LOC", "I-LOC", "E-LOC", "S-ORG", "I-ORG", "O", "I-LOC"]


@pytest.mark.parametrize(
    "scheme, spans, repairs",
    [
        (
            "iob1",
            [(0, 2, "PER"), (2, 3, "PER"), (4, 7, "LOC"), (7, 9, "ORG"), (10, 11, "LOC")],
            [(6, "I-LOC", "E-LOC is a BIOES tag in an IOB1 sequence"), (7, "B-ORG", "S-ORG is a BIOES tag in an IOB1 sequence")],
        ),
        (
            "iob2",
            [(0, 2, "PER"), (2, 3, "PER"), (4, 7, "LOC"), (7, 9, "ORG"), (10, 11, "LOC")],
            [
                (0, "B-PER", "I-PER continues no entity"),
                (6, "I-LOC", "E-LOC is a BIOES tag in an IOB2 sequence"),
                (7, "B-ORG", "S-ORG is a BIOES tag in an IOB2 sequence"),
                (10, "B-LOC", "I-LOC continues no entity"),
            ],
        ),
        (
            "bioes",
            [(0, 2, "PER"), (2, 3, "PER"), (4, 7, "LOC"), (7, 8, "ORG"), (8, 9, "ORG"), (10, 11, "LOC")],
            [
                (0, "B-PER", "I-PER continues no entity"),
                (1, "E-PER", "entity PER is not closed"),
                (2, "S-PER", "entity PER is not closed"),
                (8, "S-ORG", "I-ORG continues no entity; entity ORG is not closed"),
                (10, "S-LOC", "I-LOC continues no entity; entity LOC is not closed"),
            ],
        ),
    ],
)
def test_one_sequence_decoded_under_each_scheme(scheme, spans, repairs):
    found, made = tags_to_spans(TAGS, scheme, lenient=True)
    assert sorted(found) == spans
    assert made == [Repair(index, TAGS[index], new, reason) for index, new, reason in repairs]
    with pytest.raises(TagError) as caught:
        tags_to_spans(TAGS, scheme)
    assert (caught.value.index, str(caught.value)) == (repairs[0][0], repairs[0][2])


@pytest.mark.parametrize(
    "tags, scheme, spans",
    [
        (["B-PER", "I-PER", "O", "B-LOC", "B-LOC", "I-LOC"], "iob2", [(0, 2, "PER"), (3, 4, "LOC"), (4, 6, "LOC")]),
        (["I-PER", "I-PER", "I-LOC", "B-LOC", "O", "I-PER"], "iob1", [(0, 2, "PER"), (2, 3, "LOC"), (3, 4, "LOC"), (5, 6, "PER")]),
        (["B-PER", "E-PER", "S-LOC", "B-ORG", "I-ORG", "E-ORG"], "bioes", [(0, 2, "PER"), (2, 3, "LOC"), (3, 6, "ORG")]),
        (["O", "O"], "iob2", []),
        ([], "bioes", []),
    ],
)
def test_valid_sequences_decode_strictly_without_repairs(tags, scheme, spans):
    assert tags_to_spans(tags, scheme) == (spans, [])


def test_lenient_decoding_mends_typos_and_turns_unreadable_tags_into_o():
    spans, repairs = tags_to_spans(["B-ORG", "I--ORG", "IO", "B-MIS1`", "E-X"], "bioes", lenient=True)
    assert spans == [(0, 2, "ORG"), (3, 4, "MIS1"), (4, 5, "X")]
    assert repairs == [
        Repair(1, "I--ORG", "E-ORG", "'I--ORG' is not a tag; read as the typo of I-ORG; entity ORG is not closed"),
        Repair(2, "IO", "O", "'IO' is not a tag"),
        Repair(3, "B-MIS1`", "S-MIS1", "'B-MIS1`' is not a tag; read as the typo of B-MIS1; entity MIS1 is not closed"),
        Repair(4, "E-X", "S-X", "E-X continues no entity"),
    ]


@pytest.mark.parametrize(
    "tag, meant",
    [("B-MIS1`", "B-MIS1"), ("I--ORG", "I-ORG"), ('"B-PER', "B-PER"), ("IO", None), ("OO", None), ("B-PER", None), ("B-", None)],
)
def test_mend_tag(tag, meant):
    assert mend_tag(tag) == meant


def test_unknown_scheme_is_refused():
    with pytest.raises(ValueError, match="unknown tag scheme 'bilou'"):
        tags_to_spans(["O"], "bilou")


@pytest.mark.parametrize(
    "scheme, tags",
    [
        ("iob2", ["B-PER", "I-PER", "B-PER", "O", "B-LOC", "B-ORG", "I-ORG", "I-ORG"]),
        ("iob1", ["I-PER", "I-PER", "B-PER", "O", "I-LOC", "I-ORG", "I-ORG", "I-ORG"]),
        ("bioes", ["B-PER", "E-PER", "S-PER", "O", "S-LOC", "B-ORG", "I-ORG", "E-ORG"]),
    ],
)
def test_spans_to_tags_and_back(scheme, tags):
    spans = [(0, 2, "PER"), (2, 3, "PER"), (4, 5, "LOC"), (5, 8, "ORG")]
    assert spans_to_tags(8, reversed(spans), scheme) == tags
    assert tags_to_spans(tags, scheme) == (spans, [])


@pytest.mark.parametrize(
    "spans, message",
    [
        ([(0, 2, "PER"), (1, 3, "LOC")], r"token span \(1, 3, 'LOC'\) overlaps the span before it"),
        ([(2, 5, "PER")], r"token span \(2, 5, 'PER'\) is outside 0..4"),
        ([(2, 2, "PER")], r"token span \(2, 2, 'PER'\) is outside 0..4"),
    ],
)
def test_spans_to_tags_refuses_spans_tags_cannot_hold(spans, message):
    with pytest.raises(ValueError, match=message):
        spans_to_tags(4, spans)


# "قال محمد بن علي في دمشق" : tokens at 0-3, 4-8, 9-11, 12-15, 16-18, 19-23
TOKENS = [(0, 3), (4, 8), (9, 11), (12, 15), (16, 18), (19, 23)]


SPANS = [(19, 23, "LOC"), (4, 8, "PER"), (5, 14, "PER"), (9, 11, "ORG"), (16, 16, "X"), (3, 4, "GAP")]
NO_TOKEN = [(16, 16, "X", "covers no token"), (3, 4, "GAP", "covers no token")]


@pytest.mark.parametrize(
    "mode, kept, changed, dropped, left_out",
    [
        (
            "strict",
            [(1, 2, "PER"), (2, 3, "ORG"), (5, 6, "LOC")],
            [],
            [(5, 14, "PER", "does not begin and end at token edges"), *NO_TOKEN],
            [],
        ),
        (  # "محمد بن علي" is kept whole; "محمد" and "بن" inside it are left out
            "expand",
            [(1, 4, "PER"), (5, 6, "LOC")],
            [(5, 14, "PER", "widened to tokens 1..3, characters 4..15")],
            NO_TOKEN,
            [(4, 8, "PER"), (9, 11, "ORG")],
        ),
        (  # narrowed to "بن", the PER span ties with ORG there and comes first in the input
            "contract",
            [(1, 2, "PER"), (2, 3, "PER"), (5, 6, "LOC")],
            [(5, 14, "PER", "narrowed to tokens 2..2, characters 9..11")],
            NO_TOKEN,
            [(9, 11, "ORG")],
        ),
    ],
)
def test_char_spans_align_by_mode(mode, kept, changed, dropped, left_out):
    found, report = char_spans_to_token_spans(TOKENS, SPANS, mode)
    assert found == kept
    assert report == AlignmentReport(
        changed=tuple(SpanNote(*note) for note in changed),
        dropped=tuple(SpanNote(*note) for note in dropped),
        left_out=tuple(SpanNote(*span, "overlaps a longer or earlier span") for span in left_out),
    )


def test_char_spans_agree_with_spacy_char_span():
    spacy = pytest.importorskip("spacy")
    from spacy.tokens import Doc

    words = ["قال", "محمد", "بن", "علي", "في", "دمشق"]
    doc = Doc(spacy.blank("ar").vocab, words=words)
    tokens = [(token.idx, token.idx + len(token)) for token in doc]
    assert tokens == TOKENS
    for mode in ("strict", "contract", "expand"):
        for start in range(0, 23):
            for end in range(start + 1, 24):
                found, _ = char_spans_to_token_spans(tokens, [(start, end, "X")], mode)
                reference = doc.char_span(start, end, "X", alignment_mode=mode)
                expected = [] if reference is None or len(reference) == 0 else [(reference.start, reference.end, "X")]
                assert found == expected, (mode, start, end)


def test_unknown_alignment_mode_is_refused():
    with pytest.raises(ValueError, match="unknown alignment mode 'snap'"):
        char_spans_to_token_spans(TOKENS, [], "snap")
