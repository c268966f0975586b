"""A document's identity: the hash of its (normalized, immutable) text."""

from __future__ import annotations

import hashlib


def content_hash(text: str) -> str:
    """SHA-256 of the text in UTF-16-LE, for dedupe and merge across project files.

    UTF-16, not UTF-8: Arabic text is held by Python two bytes a character, so encoding
    it to UTF-16 is a copy while UTF-8 is a real transcoding, which took two thirds of
    the hashing time of an import. Encoding fails on an unpaired surrogate, which no
    stored text can hold.
    """
    return hashlib.sha256(text.encode("utf-16-le")).hexdigest()
