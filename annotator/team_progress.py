"""How far each annotator is (``annotator progress``, the workbench's progress window).

Per annotator: documents assigned, in progress and done, spans, and the median time a
document took, from their first edit on it (the earliest span, frame or undo step they
made there) to marking it done. A document done without any edit (nothing to annotate)
has no time and is left out of the median.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from statistics import median
from typing import Any

from annotator.model import GOLD, Status
from annotator.project import Project


@dataclass(frozen=True)
class AnnotatorProgress:
    annotator: str
    assigned: int
    in_progress: int
    done: int
    spans: int
    median_seconds: float | None
    """Median time from first edit to done, over the documents that have both."""

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


def _seconds(start: str, end: str) -> float:
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()


def team_progress(project: Project) -> list[AnnotatorProgress]:
    """Each annotator's figures (the curator's gold layer is not an annotator's work),
    in the order annotators joined the project."""
    assigned: dict[str, int] = {}
    for names in project.assignments().values():
        for name in names:
            assigned[name] = assigned.get(name, 0) + 1
    records: dict[str, list] = {}
    for record in project.work_records():
        records.setdefault(record.annotator, []).append(record)
    figures = []
    for annotator in project.annotators():
        mine = records.get(annotator, [])
        if annotator == GOLD or not (mine or annotator in assigned):
            continue
        times = [
            _seconds(r.first_edit, r.status_set)
            for r in mine
            if r.status == Status.DONE and r.first_edit is not None and r.status_set is not None and r.status_set >= r.first_edit
        ]
        figures.append(
            AnnotatorProgress(
                annotator=annotator,
                assigned=assigned.get(annotator, 0),
                in_progress=sum(r.status == Status.IN_PROGRESS for r in mine),
                done=sum(r.status == Status.DONE for r in mine),
                spans=sum(r.spans for r in mine),
                median_seconds=round(median(times), 1) if times else None,
            )
        )
    return figures


def duration(seconds: float | None) -> str:
    """``4 min 05 s``, ``1 h 02 min``, or ``-`` when there is no time."""
    if seconds is None:
        return "-"
    whole = int(round(seconds))
    if whole < 60:
        return f"{whole} s"
    if whole < 3600:
        return f"{whole // 60} min {whole % 60:02d} s"
    return f"{whole // 3600} h {whole // 60 % 60:02d} min"
