"""spaCy export: the documents as one ``DocBin`` file (``.spacy``) that ``spacy train`` reads.

A DocBin is binary (msgpack, compressed), so this module documents its content
instead of a sample. Read back with::

    from spacy.tokens import DocBin
    import spacy
    docs = list(DocBin().from_disk("train.spacy").get_docs(spacy.blank("ar").vocab))

- One ``Doc`` per exported document, in the order and split parts of the JSONL
  export. Its tokens are the JSONL export's (``export.tokens.aligned_tokens``: the
  project tokenizer's words, cut at every span edge), so ``doc.text`` is the stored
  text and every span is exactly a token span.
- ``doc.spans["sc"]`` (spaCy's span categorizer key) holds every exported span,
  overlapping ones included, labelled; ``doc.ents`` holds the named entities for the
  ``ner`` pipe: of nested or overlapping spans the longest (then the earliest) is an
  entity and the others are reported as *left out* (they stay in ``doc.spans``).
- ``doc.user_data`` holds ``id``, ``title``, ``annotator`` and ``status``.
- Labels default to the schema's entity labels, as for CoNLL: slot labels (CUE,
  CONTENT...) are not named entities; ``--labels`` exports others too.

A DocBin is written whole at the end (``DocBinFile``), so unlike the text formats the
export holds every Doc of a part until then. Needs spaCy (the ``model`` extra).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.export.model import Encoded, ExportItem, ExportNote, ExportOptions
from annotator.export.tokens import aligned_tokens
from annotator.formats.bio import char_spans_to_token_spans
from annotator.nlp import doc_from_tokens, require_spacy, shared_vocab

if TYPE_CHECKING:
    from spacy.tokens import Doc

SPANS_KEY = "sc"
"""The ``doc.spans`` key of every exported span: spaCy's span categorizer default."""


def encode_docbin(item: ExportItem, options: ExportOptions) -> Encoded:
    """One document as a Doc for the DocBin (``Encoded.doc``), with its entities and spans."""
    document = item.document
    text = document.text
    spans = item.spans
    tokens = aligned_tokens(text, item.tokens, {span.start for span in spans}, {span.end for span in spans})
    user_data = {"id": document.id, "title": document.title, "annotator": item.annotator, "status": str(item.status)}
    from spacy.tokens import Span

    doc = doc_from_tokens(shared_vocab(), tokens.words, tokens.ws, user_data)
    doc.spans[SPANS_KEY] = [doc.char_span(span.start, span.end, label=span.label) for span in spans]
    entities, report = char_spans_to_token_spans(
        list(zip(tokens.starts, tokens.ends)), [(span.start, span.end, span.label) for span in spans], "strict"
    )
    doc.ents = [Span(doc, first, last, label=label) for first, last, label in entities]
    notes = tuple(
        ExportNote(document.id, "left out", note.start, note.end, note.label, text[note.start : note.end],
                   "overlaps a longer or earlier entity (kept in doc.spans)")
        for note in report.left_out
    )
    return Encoded(data=b"", tokens=len(doc), spans=len(spans), notes=notes, doc=doc)


class DocBinCollector:
    """The Docs of one output file, serialized as one DocBin by ``to_bytes``."""

    def __init__(self) -> None:
        self.docbin = require_spacy("the spaCy export").tokens.DocBin(store_user_data=True)

    def add(self, doc: Doc) -> None:
        self.docbin.add(doc)

    def to_bytes(self) -> bytes:
        return self.docbin.to_bytes()
