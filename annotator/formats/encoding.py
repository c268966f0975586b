"""Which text encoding a file is in: UTF-8, UTF-16 or Windows Arabic, from its first bytes.

Arabic text reaches a corpus in three encodings: UTF-8 (the usual), UTF-16 (Windows
"Unicode" text, with a BOM or, from some tools, without) and Windows-1256 (older Windows
Arabic). ``detect_encoding`` tells them apart from the first ``SNIFF_BYTES`` bytes:

- a BOM names its encoding (UTF-8, UTF-16 or UTF-32, either byte order);
- UTF-16 without a BOM shows as zero bytes mostly on one side of each byte pair (the
  high byte of spaces, digits and line ends) and decodes to text, not control codes;
- Windows-1256 shows as bytes UTF-8 cannot have (an Arabic letter's byte followed by
  another's, where UTF-8 wants a continuation byte) decoding to Arabic letters;
- anything else is read as UTF-8, so a stray bad byte is reported where it is.

A guess other than UTF-8 without a BOM is only a guess: the importer says which it made,
and ``--encoding`` names the encoding when it is wrong.
"""

from __future__ import annotations

import codecs
import os
import unicodedata

from annotator.errors import FormatError

SNIFF_BYTES = 1 << 16

UTF8 = "utf-8"

_BOMS = (
    (codecs.BOM_UTF8, UTF8),
    (codecs.BOM_UTF32_LE, "utf-32"),  # before UTF-16's: it begins with the same two bytes
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_LINE_CONTROLS = frozenset("\t\n\r")
_TEXT_SHARE = 0.95
"""Share of decoded characters that must be text (not control codes) for UTF-16."""
_ARABIC_SHARE = 0.7
"""Share of non-ASCII characters that must be Arabic for Windows-1256."""
_ARABIC_LEAST = 4
"""Fewer Arabic letters than this are too few to tell Windows-1256 from a stray byte."""
_ARABIC_EXTRAS = frozenset("«»\u00a0\u200c\u200d\u200e\u200f")
"""Non-Arabic-block characters of Windows-1256 that Arabic text uses: guillemets, no-break
space, the joiners and the direction marks."""


def canonical_encoding(name: str) -> str:
    """The codec's own name for ``name`` (``UTF8`` -> ``utf-8``), or a ``FormatError``."""
    try:
        return codecs.lookup(name).name
    except LookupError:
        raise FormatError(f"unknown encoding {name!r} (try utf-8, utf-16, cp1256)") from None


def detect_encoding(path: str | os.PathLike[str]) -> str:
    """The encoding of the file at ``path``, from its first bytes (see the module docstring)."""
    try:
        with open(path, "rb") as file:
            head = file.read(SNIFF_BYTES)
    except OSError as error:
        raise FormatError(f"cannot read the file: {error.strerror}", str(path)) from None
    for bom, name in _BOMS:
        if head.startswith(bom):
            return name
    return _utf16_without_bom(head) or (_cp1256(head) and "cp1256") or UTF8


def _is_text(decoded: str) -> bool:
    """Mostly characters of text: not control codes, unassigned or private-use points."""
    if not decoded:
        return False
    odd = sum(
        1 for char in decoded
        if char not in _LINE_CONTROLS and unicodedata.category(char) in ("Cc", "Cn", "Co", "Cs")
    )
    return odd <= (1 - _TEXT_SHARE) * len(decoded)


def _utf16_without_bom(head: bytes) -> str | None:
    """``utf-16-le`` or ``utf-16-be`` when the zero bytes fall on one side of the pairs."""
    head = head[: len(head) // 2 * 2]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    if max(even, odd) <= len(head) // 20 or min(even, odd) * 4 > max(even, odd):
        return None
    name = "utf-16-le" if odd > even else "utf-16-be"
    try:
        decoded = head.decode(name)
    except UnicodeDecodeError as error:  # a surrogate pair cut at the end of the sample
        if error.start < len(head) - 4:
            return None
        decoded = head[: error.start].decode(name)
    return name if _is_text(decoded) else None


def _cp1256(head: bytes) -> bool:
    """Whether ``head`` is Windows-1256 Arabic rather than UTF-8 with a bad byte in it."""
    try:
        codecs.getincrementaldecoder(UTF8)().decode(head, final=False)
        return False
    except UnicodeDecodeError:
        pass
    leads = [k for k in range(len(head) - 1) if head[k] >= 0xC2]
    continued = sum(0x80 <= head[k + 1] <= 0xBF for k in leads)
    if continued * 2 >= len(leads):  # mostly well-formed UTF-8 sequences
        return False
    wide = [char for char in head.decode("cp1256") if not char.isascii()]
    arabic = sum("\u0600" <= char <= "\u06ff" or char in _ARABIC_EXTRAS for char in wide)
    return arabic >= max(_ARABIC_LEAST, _ARABIC_SHARE * len(wide))
