"""Review > Merge Project Files: choose project files, merge them on a worker thread.

The policy is the core's (``annotator.merge.merge_files``, as ``annotator merge`` uses
it): each file is one transaction, a failing file is reported and the next one merged,
Cancel stops before the next file. The report lists what each file brought, its
conflicts, or why it failed.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

from PySide6.QtWidgets import QFileDialog

from annotator.gui.jobs import Job, JobHost, JobReport, start_reported_job
from annotator.merge import MergeOutcome, merge_files
from annotator.progress import Progress, ShouldCancel
from annotator.project import Project



def start_merge(window: JobHost, paths: Sequence[str | Path]) -> Job:
    """Merge project files into the window's project on a worker thread, then show the report."""
    paths = list(paths)

    def work(project: Project, progress: Progress, should_cancel: ShouldCancel) -> MergeOutcome:
        return merge_files(project, paths, progress=progress, should_cancel=should_cancel)

    def merged(outcome: MergeOutcome) -> JobReport:
        window.project.reload()  # the job's connection added documents and annotators
        window.hub.notify(outcome.changes)
        return JobReport(outcome.summary(), outcome.lines())

    return start_reported_job(window, "Merging…", "Merge", work, merged)


def ask_merge(window: JobHost) -> Job | None:
    paths, _ = QFileDialog.getOpenFileNames(window.window(), "Merge project files", "", "Annotator projects (*.db);;All files (*)")
    return start_merge(window, paths) if paths else None
