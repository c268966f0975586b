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

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from annotator.export.model import Encoded, ExportItem, ExportNote, ExportOptions
from annotator.export.tokens import Tokenized, aligned_tokens
from annotator.formats.bio import SpanNote, char_spans_to_token_spans
from annotator.model import SpanRow
from annotator.nlp import doc_from_tokens, require_spacy, shared_vocab

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

SPANS_KEY = "sc"
"""The ``doc.spans`` key of every exported span: spaCy's span categorizer default."""


def encode_docbin(item: ExportItem, options: ExportOptions) -> Encoded:
    """One document as a Doc for the DocBin (``Encoded.doc``), with its entities and spans."""
    document = item.document
    user_data = {"id": document.id, "title": document.title, "annotator": item.annotator, "status": str(item.status)}
    doc, left_out = labelled_doc(shared_vocab(), document.text, item.tokens, item.spans, user_data)
    notes = tuple(
        ExportNote(document.id, "left out", note.start, note.end, note.label, document.text[note.start : note.end],
                   "overlaps a longer or earlier entity (kept in doc.spans)")
        for note in left_out
    )
    return Encoded(data=b"", tokens=len(doc), spans=len(item.spans), notes=notes, doc=doc)


def labelled_doc(
    vocab: Vocab, text: str, words: Tokenized, spans: Sequence[SpanRow], user_data: dict[str, Any] | None = None
) -> tuple[Doc, tuple[SpanNote, ...]]:
    """The text as a Doc of the export's tokens (cut at the span edges) with every span in
    ``doc.spans["sc"]`` and the longest non-overlapping ones as ``doc.ents``; and the
    spans left out of the entities. The entity model trains on exactly these Docs."""
    from spacy.tokens import Span

    tokens = aligned_tokens(text, words, {span.start for span in spans}, {span.end for span in spans})
    doc = doc_from_tokens(vocab, tokens.words, tokens.ws, user_data)
    doc.spans[SPANS_KEY] = [doc.char_span(span.start, span.end, label=span.label) for span in spans]
    entities, report = char_spans_to_token_spans(
        list(zip(tokens.starts, tokens.ends)), [(span.start, span.end, span.label) for span in spans], "strict"
    )
    doc.ents = [Span(doc, first, last, label=label) for first, last, label in entities]
    return doc, report.left_out


def plain_doc(vocab: Vocab, text: str, words: Tokenized) -> Doc:
    """The text as a Doc of the export's tokens, cut at no span: what a model reads."""
    tokens = aligned_tokens(text, words, (), ())
    return doc_from_tokens(vocab, tokens.words, tokens.ws)


class DocBinCollector:
    """The Docs of one output file, serialized as one DocBin by ``to_bytes``."""

    def __init__(self) -> None:
        self.docbin = require_spacy("the spaCy export").tokens.DocBin(store_user_data=True)

    def add(self, doc: Doc) -> None:
        self.docbin.add(doc)

    def to_bytes(self) -> bytes:
        return self.docbin.to_bytes()
