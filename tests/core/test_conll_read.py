"""The CoNLL reader, on hand-made files and on the three real CoNLL corpora in ../shared."""

from __future__ import annotations

from pathlib import Path

import pytest

from annotator.errors import FormatError
from annotator.formats import ENCODING_HINT, FormatRead, ReadOptions, detect_format, read_source
from annotator.formats.conll import LENIENT_HINT, read_conll
from annotator.model import SourceDocument

DATA = Path(__file__).resolve().parents[1] / "data" / "formats"
LENIENT = ReadOptions(lenient=True)


def entities(document: SourceDocument) -> list[tuple[str, str]]:
    return [(document.text[span.start : span.end], span.label) for span in document.spans]


def token_texts(document: SourceDocument) -> list[str]:
    return [document.text[start:end] for start, end in document.tokens or ()]


def write(tmp_path: Path, data: bytes, name: str = "file.conll") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


# --- hand-made files ---------------------------------------------------------------


def test_docstart_splits_documents_and_the_text_is_rebuilt_from_tokens():
    read = read_conll(DATA / "two_docs.conll")
    first, second = read.documents
    assert (first.title, first.line, second.title, second.line) == ("two_docs #1", 3, "two_docs #2", 17)
    assert first.text == "قال محمد علي في دمشق .\nالأمم المتحدة"
    assert first.tokens == ((0, 3), (4, 8), (9, 12), (13, 15), (16, 20), (21, 22), (23, 28), (29, 36))
    assert first.sentences == ((0, 22), (23, 36))
    assert entities(first) == [("محمد علي", "PER"), ("دمشق", "LOC"), ("الأمم المتحدة", "ORG")]
    assert second.text == "غزة و رفح"
    assert entities(second) == [("غزة", "LOC"), ("رفح", "LOC")]
    assert read.repairs == ()
    assert read.labels == {"PER", "LOC", "ORG"}


def test_doc_sentences_cuts_documents_every_n_sentences():
    documents = read_conll(DATA / "two_docs.conll", ReadOptions(doc_sentences=1)).documents
    assert [(d.title, d.text, d.line) for d in documents] == [
        ("two_docs #1", "قال محمد علي في دمشق .", 3),
        ("two_docs #2", "الأمم المتحدة", 10),
        ("two_docs #3", "غزة و رفح", 17),
    ]
    assert documents[1].tokens == ((0, 5), (6, 13))
    assert entities(documents[1]) == [("الأمم المتحدة", "ORG")]


def test_iob1_is_detected_and_i_begins_entities():
    (document,) = read_conll(DATA / "iob1.conll").documents
    assert document.title == "iob1"
    assert entities(document) == [("أحمد سمير", "PER"), ("خالد", "PER"), ("القاهرة", "LOC"), ("بيروت", "LOC")]


def test_a_given_scheme_overrides_detection():
    with pytest.raises(FormatError) as caught:
        read_conll(DATA / "iob1.conll", ReadOptions(scheme="iob2"))
    assert str(caught.value) == f"{DATA / 'iob1.conll'}:1: I-PER continues no entity (and 2 more problems){LENIENT_HINT}"
    assert caught.value.line == 1
    read = read_conll(DATA / "iob1.conll", ReadOptions(scheme="iob2", lenient=True))
    assert [repair.split(": ", 1)[1] for repair in read.repairs] == [
        "changed I-PER to B-PER: I-PER continues no entity",
        "changed I-LOC to B-LOC: I-LOC continues no entity",
        "changed I-LOC to B-LOC: I-LOC continues no entity",
    ]


def test_bioes_is_detected():
    (document,) = read_conll(DATA / "bioes.conll").documents
    assert entities(document) == [("محمد بن علي", "PER"), ("دمشق", "LOC"), ("غزة", "LOC"), ("رفح", "LOC")]


def test_tag_columns_give_nested_spans_and_wojood_segment_marks_end_a_sentence():
    read = read_source(DATA / "nested.txt")
    (document,) = read.documents
    assert document.text == "في مجلس الأمن ضد الأسد ،\nنقابة جامعة بيرزيت"
    assert "$#$" not in token_texts(document)
    assert document.sentences == ((0, 24), (25, 43))
    assert entities(document) == [  # the ORG of tag columns 1 and 2 is one span
        ("مجلس الأمن ضد الأسد", "ORG"),
        ("الأسد", "PERS"),
        ("نقابة جامعة بيرزيت", "ORG"),
        ("جامعة بيرزيت", "ORG"),
        ("بيرزيت", "GPE"),
    ]


def test_dirty_tags_stop_a_strict_read_at_the_first_line():
    path = DATA / "dirty.conll"
    with pytest.raises(FormatError) as caught:
        read_conll(path)
    assert str(caught.value) == f"{path}:2: I-MIS1 continues no entity (and 4 more problems){LENIENT_HINT}"
    assert (caught.value.path, caught.value.line) == (str(path), 2)


def test_lenient_read_repairs_and_lists_every_change():
    path = DATA / "dirty.conll"
    read = read_conll(path, LENIENT)
    assert read.repairs == (
        f"{path}:2: changed I-MIS1 to B-MIS1: I-MIS1 continues no entity",
        f"{path}:4: changed IO to O: 'IO' is not a tag",
        f"{path}:6: changed I--ORG to B-ORG: 'I--ORG' is not a tag; read as the typo of I-ORG; I--ORG continues no entity",
        f"{path}:7: changed B-MIS1` to B-MIS1: 'B-MIS1`' is not a tag; read as the typo of B-MIS1",
        f"{path}:9: added the tag O: token 'الأولمبية' has no tag",
    )
    (document,) = read.documents
    assert entities(document) == [("كرة", "MISS1"), ("القدم", "MIS1"), ("الأمريكية", "ORG"), ("الألعاب", "MIS1"), ("O", "ENGLISH")]
    assert read.labels == {"MISS1", "MIS1", "ORG", "ENGLISH"}


def test_repairs_in_further_tag_columns_name_the_column(tmp_path):
    path = write(tmp_path, "أ B-ORG\nب I-ORG I-LOC\n".encode())
    read = read_conll(path, LENIENT)
    assert read.repairs == (f"{path}:2: changed I-LOC to B-LOC in tag column 2: I-LOC continues no entity",)
    assert entities(read.documents[0]) == [("أ ب", "ORG"), ("ب", "LOC")]


def test_bom_crlf_tab_only_breaks_and_lrm_marks(tmp_path):
    lrm = "\u200e"
    data = f"\ufeff{lrm}فرانكفورت\tB-Population-Center\r\n(\tO\r\n\t\r\n{lrm}د\tB-Media\r\n{lrm}ب\tI-Media\r\nNew York\tB-LOC\r\n\t\r\n"
    (document,) = read_conll(write(tmp_path, data.encode(), "news.txt")).documents
    assert document.text == f"{lrm}فرانكفورت (\n{lrm}د {lrm}ب New York"
    assert token_texts(document) == [f"{lrm}فرانكفورت", "(", f"{lrm}د", f"{lrm}ب", "New York"]
    assert document.sentences == ((0, 12), (13, 27))
    assert entities(document) == [(f"{lrm}فرانكفورت", "Population-Center"), (f"{lrm}د {lrm}ب", "Media"), ("New York", "LOC")]


@pytest.mark.parametrize(
    "data, line, message",
    [
        (b"", None, "file is empty"),
        (b"\n\t\n-DOCSTART- O\n\n", None, "file holds no tokens"),
        ("قال O\nمحمد B-PER\n".encode() + b"\xd9 O\n", 3, "invalid UTF-8: byte 0xd9 at byte 1 of the line" + ENCODING_HINT),
        ("قال O\nمحمد\n".encode(), 2, "token 'محمد' has no tag" + LENIENT_HINT),
        (b"a O\nb OO\n", 2, "'OO' is not a tag" + LENIENT_HINT),
        (b"a B-X\nb E-X\nc B-Y\n\nd O\n", 3, "entity Y is not closed" + LENIENT_HINT),
    ],
)
def test_bad_files_name_the_file_line_and_problem(tmp_path, data, line, message):
    path = write(tmp_path, data)
    with pytest.raises(FormatError) as caught:
        read_conll(path)
    assert (caught.value.path, caught.value.line, caught.value.reason) == (str(path), line, message)


@pytest.mark.parametrize(
    "options, message",
    [({"doc_sentences": 0}, "doc_sentences must be at least 1, not 0"), ({"scheme": "bilou"}, "unknown tag scheme 'bilou'")],
)
def test_bad_options_are_refused(options, message):
    with pytest.raises(FormatError, match=message):
        ReadOptions(**options)


# --- format detection --------------------------------------------------------------


@pytest.mark.parametrize(
    "name, data, fmt",
    [
        ("a.jsonl", b"not even json", "jsonl"),
        ("a.JSON", b"[]", "jsonl"),
        ("a.iob", b"plain words here", "conll"),
        ("a.txt", "قال O\nمحمد B-PER\nعلي I-PER\n\nفي O\nدمشق B-LOC\nالمصدر : وكالات\n".encode(), "conll"),
        ("a.txt", '\ufeff{"text": "a"}\n{"text": "b"}\n'.encode(), "jsonl"),
        ("a.tsv", "عنوان\n\nمتن الخبر هنا\n".encode(), "tsv"),
        ("a.text", "عنوان\n\nمتن الخبر هنا\n".encode(), "article"),
        ("a", "-DOCSTART- -X- O\n\nEU B-ORG\n".encode(), "conll"),
    ],
)
def test_detect_format_by_suffix_then_by_content(tmp_path, name, data, fmt):
    assert detect_format(write(tmp_path, data, name)) == fmt


def test_detect_format_on_real_files(shared_dir, seed_path):
    corpora = shared_dir / "corpora"
    assert detect_format(corpora / "aqmar" / "Crusades.txt") == "conll"
    assert detect_format(corpora / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt") == "conll"
    assert detect_format(corpora / "wojood_sample" / "val.txt") == "conll"
    assert detect_format(corpora / "fignews_2024" / "FIGNEWS-2024-TEXT-IAA.tsv") == "tsv"
    assert detect_format(seed_path) == "article"


def test_unknown_format_is_refused():
    with pytest.raises(FormatError, match="unknown format 'xml'; expected auto, article, conll, jsonl"):
        read_source(DATA / "iob1.conll", "xml")


# --- the real corpora --------------------------------------------------------------

AQMAR_STRICTLY_VALID = {
    "Atom", "Damascus", "Ibn_Tolun_Mosque", "Imam_Hussein_Shrine", "Internet",
    "Islamic_Golden_Age", "Islamic_History", "Ummaya_Mosque",
}  # fmt: skip


def aqmar_files(shared_dir: Path) -> list[Path]:
    return sorted(p for p in (shared_dir / "corpora" / "aqmar").glob("*.txt") if p.name != "SOURCE.txt")


def test_aqmar_reads_strictly_where_clean_and_leniently_everywhere(shared_dir):
    files = aqmar_files(shared_dir)
    assert len(files) == 28
    reads: dict[str, FormatRead] = {}
    failures: dict[str, str] = {}
    for path in files:
        reads[path.stem] = read_conll(path, LENIENT)
        try:
            read_conll(path)
        except FormatError as error:
            failures[path.stem] = f"{error.line}: {error.reason}"
    assert set(reads) - set(failures) == AQMAR_STRICTLY_VALID
    assert failures["Crusades"] == "2145: 'IO' is not a tag" + LENIENT_HINT
    assert failures["Football"] == "2: I-MIS1 continues no entity (and 1 more problem)" + LENIENT_HINT
    assert failures["Enrico_Fermi"] == "1925: I-LOC continues no entity (and 1 more problem)" + LENIENT_HINT
    assert failures["Summer_Olympics2004"] == "1110: 'B-MIS1`' is not a tag (and 1 more problem)" + LENIENT_HINT
    assert failures["X_window_system"] == "460: I-MIS1 continues no entity (and 26 more problems)" + LENIENT_HINT
    documents = [document for read in reads.values() for document in read.documents]
    assert len(documents) == 28
    assert sum(len(d.tokens) for d in documents) == 73853
    assert sum(len(d.sentences) for d in documents) == 2687
    # 5,853 well-formed B- tags and 69 orphan I- tags, each beginning one entity
    assert sum(len(d.spans) for d in documents) == 5922
    # 73 problems, but the mended B-MIS1` of Summer_Olympics2004 makes the I-MIS1 after it no orphan
    assert sum(len(read.repairs) for read in reads.values()) == 72
    assert ("الإلكترونات", "MIS") in entities(reads["Atom"].documents[0])
    assert ("O", "ENGLISH") in entities(reads["Periodic_Table"].documents[0])
    assert ("O'Donnell", "SPANISH") in entities(reads["Real_Madrid"].documents[0])
    ronaldo = reads["Christiano_Ronaldo"]
    path = shared_dir / "corpora" / "aqmar" / "Christiano_Ronaldo.txt"
    assert ronaldo.repairs == (f"{path}:171: changed I-LOC to B-LOC: I-LOC continues no entity",)
    assert ("ماديرا", "LOC") in entities(ronaldo.documents[0])
    assert ronaldo.documents[0].title == "Christiano_Ronaldo"


def test_newsfane_reads_with_its_bom_crlf_tab_breaks_and_lrm_marks(shared_dir):
    path = shared_dir / "corpora" / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"
    with pytest.raises(FormatError) as caught:
        read_conll(path)
    assert (caught.value.line, caught.value.reason) == (82783, "I-Non-Governmental continues no entity (and 3 more problems)" + LENIENT_HINT)
    read = read_conll(path, LENIENT)
    (document,) = read.documents
    assert (len(document.tokens), len(document.sentences), len(document.spans)) == (168080, 4760, 11423)
    assert [repair.split(": ")[0].rsplit(":", 1)[1] for repair in read.repairs] == ["82783", "83588", "106635", "106642"]
    lrm = "\u200e"
    texts = token_texts(document)
    assert sum(text.startswith(lrm) for text in texts) == 152599
    assert texts[:3] == [f"{lrm}فرانكفورت", "(", f"{lrm}د"]
    assert entities(document)[:3] == [
        (f"{lrm}فرانكفورت", "Population-Center"),
        (f"{lrm}د {lrm}ب {lrm}ا", "Media"),
        (f"{lrm}اتحاد {lrm}صناعة {lrm}السيارات", "Government"),
    ]
    assert len(read.labels) == 45  # of the 50 classes of the annotation guide


def test_newsfane_spans_agree_with_seqeval(shared_dir):
    get_entities = pytest.importorskip("seqeval.metrics.sequence_labeling").get_entities
    path = shared_dir / "corpora" / "newsfane_gold" / "NewsFANE_Gold_2014_170K.txt"
    sentences: list[list[str]] = [[]]
    for line in path.read_text(encoding="utf-8-sig").splitlines():
        if line.strip():
            sentences[-1].append(line.split("\t")[1])
        elif sentences[-1]:
            sentences.append([])
    expected, offset = set(), 0
    for tags in sentences:  # seqeval begins an entity at an orphan I-, as the lenient read does
        expected |= {(offset + start, offset + end + 1, label) for label, start, end in get_entities(tags)}
        offset += len(tags)
    (document,) = read_conll(path, LENIENT).documents
    index = {start: i for i, (start, _) in enumerate(document.tokens)}
    ends = {end: i + 1 for i, (_, end) in enumerate(document.tokens)}
    assert {(index[span.start], ends[span.end], span.label) for span in document.spans} == expected


def test_wojood_nested_sample(shared_dir):
    folder = shared_dir / "corpora" / "wojood_sample"
    assert read_conll(folder / "test.txt").repairs == ()
    assert read_conll(folder / "val.txt").repairs == ()
    with pytest.raises(FormatError) as caught:
        read_conll(folder / "train.txt")
    assert (caught.value.line, caught.value.reason) == (12377, "I-FAC continues no entity" + LENIENT_HINT)
    reads = {name: read_conll(folder / f"{name}.txt", LENIENT) for name in ("train", "val", "test")}
    documents = [read.documents[0] for read in reads.values()]
    assert [len(d.tokens) for d in documents] == [18887 - 350, 2743 - 56, 5344 - 117]  # less the $#$ marks
    assert [len(d.sentences) for d in documents] == [1115, 159, 357]  # two marks stood inside a sentence
    assert [len(d.spans) for d in documents] == [2883, 470, 870]  # one span per B- tag, plus the orphan I-FAC
    assert not any("$#$" in d.text for d in documents)
    train = entities(documents[0])
    assert ("مجلس الأمن ضد الأسد", "ORG") in train
    assert ("الأسد", "PERS") in train
    for entity in [
        ("لإنتخابات نقابة العاملين في جامعة بيرزيت", "EVENT"),
        ("نقابة العاملين في جامعة بيرزيت", "ORG"),
        ("جامعة بيرزيت", "ORG"),
        ("بيرزيت", "GPE"),
    ]:
        assert entity in train
    assert reads["train"].labels | reads["val"].labels | reads["test"].labels == {
        "PERS", "NORP", "OCC", "ORG", "GPE", "LOC", "FAC", "EVENT", "DATE", "TIME", "LANGUAGE",
        "WEBSITE", "LAW", "PRODUCT", "CARDINAL", "ORDINAL", "PERCENT", "QUANTITY", "UNIT", "MONEY", "CURR",
    }  # fmt: skip


CONLL_2003 = """-DOCSTART- -X- -X- O

EU NNP B-NP B-ORG
rejects VBZ B-VP O
German JJ B-NP B-MISC
call NN I-NP O
. . O O

Peter NNP B-NP B-PER
Blackburn NNP I-NP I-PER
"""


def test_conll_2003_columns_the_tag_column_is_found(tmp_path):
    path = write(tmp_path, CONLL_2003.encode(), "eng.train")
    assert detect_format(path) == "conll"
    [document] = read_source(path).documents
    assert document.text == "EU rejects German call .\nPeter Blackburn"
    assert [(document.text[s.start : s.end], s.label) for s in document.spans] == [
        ("EU", "ORG"), ("German", "MISC"), ("Peter Blackburn", "PER"),
    ]


def test_tag_column_chooses_a_column(tmp_path):
    path = write(tmp_path, CONLL_2003.encode(), "eng.conll")
    [document] = read_source(path, options=ReadOptions(tag_column=3)).documents
    assert [(document.text[s.start : s.end], s.label) for s in document.spans] == [
        ("EU", "NP"), ("rejects", "VP"), ("German call", "NP"), ("Peter Blackburn", "NP"),
    ]
    with pytest.raises(FormatError, match=r"eng.conll:3: line has no column 5 \(the tag column asked for\)"):
        read_source(path, options=ReadOptions(tag_column=5))


def test_a_column_of_no_tags_last_is_named(tmp_path):
    path = write(tmp_path, b"EU B-ORG NNP\nrejects O VBZ\n", "pos_last.conll")
    with pytest.raises(FormatError, match="pos_last.conll:1: column 3 holds 'NNP', not a tag; name the tag column with --tag-column N"):
        read_source(path)


def test_nested_tag_columns_with_a_typo_stay_layers(tmp_path):
    path = write(tmp_path, "مجلس B-ORG O\nالأمن I-ORG B-X\nالدولي I-ORG IO\n".encode(), "nested.conll")
    with pytest.raises(FormatError, match="nested.conll:3: 'IO' is not a tag"):
        read_source(path)
