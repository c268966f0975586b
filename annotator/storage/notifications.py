"""Hearing other people's commits to a server project as they happen (LISTEN/NOTIFY).

Every transaction that writes what a window shows makes the server send a notification
on ``CHANNEL`` when it commits (the change-counting trigger of ``pg_migrations`` calls
``pg_notify``). A ``ChangeListener`` is a second connection that listens: the workbench
watches its socket (``fileno``) and, when it becomes readable, asks ``pending`` whether
someone else committed, so a lead's windows refresh the moment an annotator marks a
document done, with no query sent on a timer. The listener's own project connection is
named in ``own_pid``: its commits (the window's own edits) are not news.
"""

from __future__ import annotations

from typing import Any

CHANNEL = "annotator_changes"
"""The channel the change trigger of ``pg_migrations`` notifies."""


class ChangeListener:
    """A connection listening for the project's change notifications."""

    def __init__(self, connect: Any, own_pid: int):
        self._conn = connect()
        self._conn.execute(f"LISTEN {CHANNEL}")
        self.own_pid = own_pid

    def fileno(self) -> int:
        """The socket to watch: readable when a notification (or anything) arrived."""
        return self._conn.pgconn.socket

    def pending(self) -> bool:
        """Whether another connection committed a change since the last call; reads what
        has arrived and never waits."""
        pgconn = self._conn.pgconn
        pgconn.consume_input()
        news = False
        while (notification := pgconn.notifies()) is not None:
            news = news or notification.be_pid != self.own_pid
        return news

    def close(self) -> None:
        self._conn.close()
