"""``annotator copy``: a whole project into a new or empty one, checked.

Everything a project holds goes (documents, annotators, spans, frames and their slots,
statuses, suggestions and decisions, adjudication decisions, undo history, assignments,
comments, schema and settings, trained models, work sessions), row by row through the
storage layer, never as a copy of the file, so the two ends may be different kinds of
store. The source is read in one read transaction, so what is copied is one moment of it.

The copy is verified twice: in its own transaction, before it commits (a mismatch rolls
it back, leaving the destination as it was), and once more through a fresh connection
after it committed. A destination the copy made is removed when it fails; one that
holds work already is refused before anything is written.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from annotator.checked_files import is_remembered, remember
from annotator.errors import ProjectError
from annotator.progress import Progress
from annotator.storage import Store, discard_project, open_store, project_exists
from annotator.storage.copying import Fingerprint, copy_rows, fingerprint, holds_work


@dataclass(frozen=True)
class CopyReport:
    """The source's fingerprint and the copy's, as read back from the destination."""

    source: Fingerprint
    copied: Fingerprint

    @property
    def ok(self) -> bool:
        return self.source == self.copied

    def lines(self) -> list[str]:
        """A heading, a line per table (rows in the source, rows in the copy), then the checksums."""
        width = max(map(len, self.source.counts))
        lines = [f"{'table':<{width}}  {'source':>9}  {'copy':>9}"]
        for table, rows in self.source.counts.items():
            copied = self.copied.counts.get(table, 0)
            mark = "" if copied == rows else "  MISMATCH"
            lines.append(f"{table:<{width}}  {rows:>9}  {copied:>9}{mark}")
        same = "" if self.source.checksum == self.copied.checksum else "  MISMATCH"
        lines.append(f"checksum of texts and spans: {self.source.checksum[:16]} -> {self.copied.checksum[:16]}{same}")
        return lines


class _Mismatch(Exception):
    def __init__(self, copied: Fingerprint):
        self.copied = copied


def copy_project(source: str | Path, destination: str | Path, progress: Progress | None = None) -> CopyReport:
    """Copy the project at ``source`` into ``destination`` (created if absent; an existing
    one must hold no documents, annotators or annotations) and verify it."""
    if str(source) == str(destination):
        raise ProjectError(f"{destination}: is the source itself; copy into a new project")
    reader = open_store(source, read_only=True, trust=True)
    try:
        made = not project_exists(destination)
        if not made:
            _refuse_work(destination)
        try:
            report = _copy(reader, destination, progress)
        except BaseException:
            if made:
                discard_project(destination)
            raise
        if made and not report.ok:
            discard_project(destination)
        elif made and is_remembered(source):  # a copy of a file checked here holds what it held
            remember(destination)
        return report
    finally:
        reader.close()


def _refuse_work(destination: str | Path) -> None:
    """Refuse, changing nothing, a destination that holds work already."""
    existing = open_store(destination, read_only=True, trust=True)
    try:
        if holds_work(existing):
            raise ProjectError(f"{destination}: holds a project with work in it already; copy only into a new or empty project")
    finally:
        existing.close()


def _copy(reader: Store, destination: str | Path, progress: Progress | None) -> CopyReport:
    writer = open_store(destination, create=True)
    try:
        with reader.reading():
            source = fingerprint(reader)
            try:
                with writer.atomic():
                    copy_rows(reader, writer, progress)
                    written = fingerprint(writer)
                    if written != source:
                        raise _Mismatch(written)  # rolls the copy back
            except _Mismatch as mismatch:
                return CopyReport(source, mismatch.copied)
    finally:
        writer.close()
    check = open_store(destination, read_only=True, trust=True)
    try:
        with check.reading():
            return CopyReport(source, fingerprint(check))
    finally:
        check.close()
