"""How a count reads in a message: "1 document", "2 documents", "0 documents"."""

from __future__ import annotations


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """``count`` and ``noun``, in the plural (``noun + "s"`` unless given) for any count but one."""
    return f"{count} {noun if count == 1 else plural or noun + 's'}"
