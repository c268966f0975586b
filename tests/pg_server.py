"""A PostgreSQL server for the ``server``-marked tests.

``ANNOTATOR_TEST_POSTGRES`` names one (a URL whose role may create databases: CI's
``.ci/run`` starts a cluster and sets it); else, where PostgreSQL's ``initdb`` is
installed, a throwaway cluster is started in a temporary folder, listening only on a
Unix socket there, and removed at the end. PostgreSQL refuses to run as root: as root
the cluster runs as the unprivileged user ``postgres``. Each test gets a database of
its own, copied from a template that holds a migrated project (a copy takes ~0.1 s).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator
from urllib.parse import urlsplit

ENV_URL = "ANNOTATOR_TEST_POSTGRES"
CLUSTER_USER = "postgres"
"""Who runs a cluster started as root (PostgreSQL refuses root)."""


def with_database(url: str, name: str) -> str:
    """``url`` naming the database ``name`` instead (host, port, user and query kept)."""
    parts = urlsplit(url)  # (urlunsplit would drop the // of an empty host)
    return f"{parts.scheme}://{parts.netloc}/{name}" + (f"?{parts.query}" if parts.query else "")


def find_initdb() -> str | None:
    found = shutil.which("initdb")
    if found:
        return found
    installed = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return installed[-1] if installed else None


def _as_cluster_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["runuser", "-u", CLUSTER_USER, "--", *command]


class Cluster:
    """A throwaway PostgreSQL cluster on a Unix socket in its own temporary folder."""

    def __init__(self, initdb: str):
        self.bin = Path(initdb).parent
        self.folder = Path(tempfile.mkdtemp(prefix="annotator-pg-"))
        if os.geteuid() == 0:
            user = pwd.getpwnam(CLUSTER_USER)
            os.chown(self.folder, user.pw_uid, user.pw_gid)
        self.data = self.folder / "data"
        self.url = f"postgresql:///postgres?host={self.folder}&user=postgres"

    def start(self) -> None:
        self._run([str(self.bin / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust",
                   "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"])
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        self._run([str(self.bin / "pg_ctl"), "-D", str(self.data), "-o", options, "-l",
                   str(self.folder / "log"), "-w", "start"])

    def _run(self, command: list[str]) -> None:
        """Runs a cluster command from the cluster's folder (the user ``postgres`` may not read
        the current one); a failure says what the command printed, and the server's log."""
        done = subprocess.run(_as_cluster_user(command), cwd=self.folder, capture_output=True, text=True)
        if done.returncode != 0:
            log = self.folder / "log"
            raise RuntimeError(
                f"{Path(command[0]).name} failed (exit {done.returncode}): {done.stdout}{done.stderr}"
                + (f"\nserver log:\n{log.read_text()}" if log.exists() else "")
            )

    def stop(self) -> None:
        subprocess.run(_as_cluster_user([str(self.bin / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "stop"]),
                       capture_output=True)
        shutil.rmtree(self.folder, ignore_errors=True)


class Databases:
    """Makes a fresh database for each test: empty, or holding a new project."""

    def __init__(self, url: str):
        import psycopg

        self.url = url
        self.admin = psycopg.connect(url, autocommit=True)
        self.prefix = f"annotator_test_{os.getpid()}"
        self.names = itertools.count()
        self.template = f"{self.prefix}_template"
        self.admin.execute(f"DROP DATABASE IF EXISTS {self.template}")
        self.admin.execute(f"CREATE DATABASE {self.template}")
        from annotator.storage import open_store

        open_store(with_database(url, self.template), create=True).close()

    def new(self, *, project: bool) -> str:
        name = f"{self.prefix}_{next(self.names)}"
        self.admin.execute(f"CREATE DATABASE {name}" + (f" TEMPLATE {self.template}" if project else ""))
        return with_database(self.url, name)

    def drop(self, url: str) -> None:
        self.admin.execute(f"DROP DATABASE IF EXISTS {urlsplit(url).path.lstrip('/')} WITH (FORCE)")

    def close(self) -> None:
        self.drop(with_database(self.url, self.template))
        self.admin.close()


def server_url() -> Iterator[str | None]:
    """The URL of a server for the tests (None, with the reason printed, if there is none):
    ``ANNOTATOR_TEST_POSTGRES``, else a cluster started here and stopped after."""
    if os.environ.get(ENV_URL):
        yield os.environ[ENV_URL]
        return
    initdb = find_initdb()
    if initdb is None:
        yield None
        return
    cluster = Cluster(initdb)
    try:
        cluster.start()
        yield cluster.url
    finally:
        cluster.stop()
