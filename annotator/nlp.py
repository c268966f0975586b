"""spaCy, the optional dependency behind the spaCy export and the entity model.

spaCy is the ``model`` extra (``pip install -e '.[model]'``); the rest of the program
never needs it, so it is imported here, lazily, and only by the code that asks for it
(``require_spacy``): the CLI and the workbench start without it, and asking to train
without it is one line saying how to install it.

Docs are built from the project's own tokens (``annotator.export.tokens``), never by
spaCy's tokenizer, so a model trained here, the DocBin export and the JSONL export
agree on every token: ``doc_from_tokens`` gives ``Doc(vocab, words, spaces)`` whose
``doc.text`` is the document's text, and spans of the tokens' edges are
``doc.char_span(start, end)`` exactly.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from types import ModuleType
from typing import TYPE_CHECKING, Any

from annotator.errors import AnnotatorError

if TYPE_CHECKING:
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

INSTALL_HINT = "pip install -e '.[model]'  (or: pip install 'spacy>=3.7')"
LANGUAGE = "ar"


class ModelUnavailable(AnnotatorError):
    """spaCy, which this needs, is not installed."""


def require_spacy(purpose: str) -> ModuleType:
    """The ``spacy`` module, or one line saying that ``purpose`` needs it and how to install it."""
    try:
        import spacy
    except ImportError:
        raise ModelUnavailable(f"{purpose} needs spaCy, which is not installed: {INSTALL_HINT}") from None
    return spacy


@cache
def shared_vocab() -> Vocab:
    """One Arabic vocabulary for the Docs an export builds (a DocBin keeps their strings)."""
    return require_spacy("the spaCy export").blank(LANGUAGE).vocab


def doc_from_tokens(vocab: Vocab, words: Sequence[str], spaces: Sequence[Any], user_data: dict[str, Any] | None = None) -> Doc:
    """A Doc of exactly these tokens (``spaces``: truthy when one space follows a token)."""
    from spacy.tokens import Doc

    doc = Doc(vocab, words=list(words), spaces=[bool(space) for space in spaces])
    if user_data:
        doc.user_data.update(user_data)
    return doc
