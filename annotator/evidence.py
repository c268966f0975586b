"""A project's evidence for the proclitic segmenter (``annotator.text.segment``).

Two kinds, both read from the project itself so nothing of a corpus is copied:
its names (the words of entity spans, whoever made them) and how often each word
stands alone in its documents («رويترز» seen alone supports و + رويترز). A name
annotated with its proclitic inside (Wojood's «لحماس») is not taken as a name when
the rest of it is one («حماس»).
"""

from __future__ import annotations

from collections import Counter

from annotator.project import Project
from annotator.text.segment import Segmenter, names_from, word_counts
from annotator.text.tokenize import WORD_RE


def project_names(project: Project, bare_counts: Counter[str]) -> frozenset[str]:
    """The folded words of the project's entity spans, those holding a proclitic excluded."""
    labels = [label.name for label in project.schema.entity_labels]
    return names_from((word for text in project.span_texts(labels) for word in WORD_RE.findall(text)), bare_counts)


def project_segmenter(project: Project) -> Segmenter:
    """The segmenter weighing this project's names and the words standing alone in it."""
    counts = word_counts(project.iter_texts())
    return Segmenter(names=project_names(project, counts), bare_counts=counts)
