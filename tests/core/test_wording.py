"""Counts in messages agree with their noun."""

from annotator.wording import counted


def test_one_is_singular_and_every_other_count_plural() -> None:
    assert [counted(n, "document") for n in (0, 1, 2)] == ["0 documents", "1 document", "2 documents"]
    assert counted(1, "entity", "entities") == "1 entity" and counted(3, "entity", "entities") == "3 entities"
