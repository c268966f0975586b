"""The Qt-free Arabic text layer: tokens, sentences, matching, snapping, display.

Everything works on Python code-point offsets into immutable text, end exclusive;
nothing here changes stored text. The names below are imported when first used, so a
module of the layer (``numbers``) does not load the others (``display``, ``segment``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from annotator.exports import lazy_exports

# Imported now: the function is named as its module, which importing the module later
# would put in its place on this package.
from annotator.text.tokenize import Token, TokenKind, tokenize, tokens_around

if TYPE_CHECKING:
    from annotator.text.direction import isolate, paragraph_direction
    from annotator.text.display import columns, fit, mark_spans, shorten, terminal_text, visual_line, visual_lines
    from annotator.text.normalize import NormalizedText, find_all, normalize_for_matching
    from annotator.text.sentences import split_paragraphs, split_sentences
    from annotator.text.snap import SnapMode, snap_selection, snap_span, trim
    from annotator.text.segment import Segmentation, Segmenter, clitic_stem_start, document_evidence, document_segmenter, segment_clitics

_HOMES = {
    "NormalizedText": "annotator.text.normalize",
    "Segmentation": "annotator.text.segment",
    "Segmenter": "annotator.text.segment",
    "SnapMode": "annotator.text.snap",
    "clitic_stem_start": "annotator.text.segment",
    "columns": "annotator.text.display",
    "document_evidence": "annotator.text.segment",
    "document_segmenter": "annotator.text.segment",
    "find_all": "annotator.text.normalize",
    "fit": "annotator.text.display",
    "isolate": "annotator.text.direction",
    "mark_spans": "annotator.text.display",
    "normalize_for_matching": "annotator.text.normalize",
    "paragraph_direction": "annotator.text.direction",
    "segment_clitics": "annotator.text.segment",
    "shorten": "annotator.text.display",
    "snap_selection": "annotator.text.snap",
    "snap_span": "annotator.text.snap",
    "split_paragraphs": "annotator.text.sentences",
    "split_sentences": "annotator.text.sentences",
    "terminal_text": "annotator.text.display",
    "trim": "annotator.text.snap",
    "visual_line": "annotator.text.display",
    "visual_lines": "annotator.text.display",
}
__all__ = sorted([*_HOMES, "Token", "TokenKind", "tokenize", "tokens_around"])
__getattr__, __dir__ = lazy_exports(__name__, _HOMES)
