"""How a person names a project on a PostgreSQL server: a libpq URL made from the fields
of a form (host, port, database, user) or a service name, and the short name a window
title or a recent list shows.

No password is ever part of one: libpq finds it in ``PGPASSWORD``, ``~/.pgpass`` or the
service file (``pg_service.conf``), so none is asked for, stored in the settings or shown.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, quote, urlencode, urlsplit

from annotator.errors import ValidationError

SCHEMES = ("postgresql", "postgres")


def is_server_url(location: str | Path) -> bool:
    """Whether ``location`` names a project on a server rather than a file."""
    return str(location).split("://", 1)[0].lower() in SCHEMES and "://" in str(location)


def server_url(*, host: str = "", port: str = "", database: str = "", user: str = "", service: str = "") -> str:
    """The libpq URL of these fields (empty ones left to libpq's defaults: the local socket,
    port 5432, the user's own name); a service name reads the rest from the service file."""
    host, port, database, user, service = (value.strip() for value in (host, port, database, user, service))
    if port and not (port.isdigit() and 0 < int(port) < 65536):
        raise ValidationError(f"port {port!r} must be a number from 1 to 65535")
    if not (database or service):
        raise ValidationError("name the database, or a service from the service file")
    netloc = (f"{quote(user, safe='')}@" if user else "") + (f"[{host}]" if ":" in host else quote(host, safe=""))
    netloc += f":{port}" if port else ""
    query = "?" + urlencode({"service": service}) if service else ""
    return f"postgresql://{netloc}/{quote(database, safe='')}{query}"  # urlunsplit drops an empty host's //


def without_password(url: str) -> str:
    """The URL with any password taken out (of the user part and of the query); the rest
    as it was written."""
    parts = urlsplit(url)
    netloc = parts.netloc
    if parts.password is not None:
        netloc = (quote(parts.username or "", safe="") + "@" if parts.username else "") + netloc.rsplit("@", 1)[1]
    query = "&".join(part for part in parts.query.split("&") if part and part.split("=", 1)[0] != "password")
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{query}" if query else "")


def canonical_location(location: str | Path) -> str:
    """One spelling of a project's location: a file's resolved path, a URL without password."""
    return without_password(str(location)) if is_server_url(location) else str(Path(location).resolve())


def same_location(first: str | Path, second: str | Path) -> bool:
    """Whether two locations name the same project (``:memory:`` is never another's)."""
    if ":memory:" in (str(first), str(second)):
        return False
    return canonical_location(first) == canonical_location(second)


def short_name(location: str | Path) -> str:
    """What a title shows of a project: a file's name, or ``database on host``."""
    if not is_server_url(location):
        return Path(location).name
    parts = urlsplit(str(location))
    service = dict(parse_qsl(parts.query)).get("service")
    database = parts.path.lstrip("/") or (f"service {service}" if service else "")
    return f"{database} on {parts.hostname or 'this machine'}"


def as_user(url: str, user: str) -> str:
    """The same server project, logged in as ``user`` (another member of the team)."""
    parts = urlsplit(url)
    host = parts.netloc.rsplit("@", 1)[-1]
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "user"]
    netloc = f"{quote(user, safe='')}@{host}"
    return f"{parts.scheme}://{netloc}{parts.path}" + (f"?{urlencode(query)}" if query else "")
