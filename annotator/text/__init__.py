"""The Qt-free Arabic text layer: tokens, sentences, matching, snapping, display.

Everything works on Python code-point offsets into immutable text, end exclusive;
nothing here changes stored text.
"""

from annotator.text.direction import paragraph_direction
from annotator.text.display import columns, mark_spans, shorten, terminal_text, visual_line, visual_lines
from annotator.text.normalize import NormalizedText, find_all, normalize_for_matching
from annotator.text.sentences import split_paragraphs, split_sentences
from annotator.text.snap import SnapMode, snap_selection, snap_span, trim
from annotator.text.segment import Segmentation, Segmenter, clitic_stem_start, document_segmenter, segment_clitics
from annotator.text.tokenize import Token, TokenKind, tokenize

__all__ = [
    "NormalizedText",
    "Segmentation",
    "Segmenter",
    "SnapMode",
    "Token",
    "TokenKind",
    "clitic_stem_start",
    "columns",
    "document_segmenter",
    "find_all",
    "mark_spans",
    "normalize_for_matching",
    "paragraph_direction",
    "segment_clitics",
    "snap_selection",
    "snap_span",
    "split_paragraphs",
    "split_sentences",
    "tokenize",
    "trim",
    "shorten",
    "terminal_text",
    "visual_line",
    "visual_lines",
]
