"""Naming a server project: URLs from a form's fields, never a password kept or shown."""

from __future__ import annotations

import pytest

from annotator.connections import is_server_url, server_url, short_name, without_password
from annotator.errors import ValidationError


@pytest.mark.parametrize(
    ("fields", "url"),
    [
        ({"database": "news"}, "postgresql:///news"),
        ({"host": "db.example.org", "port": "5433", "database": "news", "user": "mona"}, "postgresql://mona@db.example.org:5433/news"),
        ({"host": "::1", "database": "news"}, "postgresql://[::1]/news"),
        ({"service": "team"}, "postgresql:///?service=team"),
        ({"database": "أخبار", "user": "منى"}, "postgresql://%D9%85%D9%86%D9%89@/%D8%A3%D8%AE%D8%A8%D8%A7%D8%B1"),
    ],
)
def test_a_url_is_made_of_the_fields_given(fields: dict[str, str], url: str) -> None:
    assert server_url(**fields) == url
    assert is_server_url(url)


@pytest.mark.parametrize(
    ("fields", "message"),
    [({"host": "h"}, "name the database, or a service"), ({"database": "d", "port": "54x"}, "port '54x' must be a number")],
)
def test_fields_that_name_no_server_project_say_why(fields: dict[str, str], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        server_url(**fields)


def test_a_password_never_stays_in_a_url_kept_or_shown() -> None:
    assert without_password("postgresql://mona:secret@host:5432/news?password=x&sslmode=require") == "postgresql://mona@host:5432/news?sslmode=require"
    assert without_password("postgresql://host/news") == "postgresql://host/news"
    assert short_name("postgresql://mona@db.example.org/news") == "news on db.example.org"
    assert short_name("postgresql:///?service=team") == "service team on this machine"
    assert short_name("/home/mona/news.db") == "news.db"
    assert not is_server_url("/home/mona/postgresql.db") and not is_server_url("postgresql.db")
