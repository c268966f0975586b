"""A team as ``annotator assign`` makes it: documents given to two of three annotators each,
who mark spans on theirs and mark them done (the agreement tests of the core and the GUI)."""

from __future__ import annotations

import random

from annotator import Project
from annotator.assignment import plan_assignment
from annotator.export.tokens import word_tokens

TEAM = ("ali", "mona", "sara")


def assigned_team(project: Project, seed_text: str, names: tuple[str, ...] = TEAM) -> dict[str, tuple[str, ...]]:
    """Nine documents given to two of three annotators each by ``assign``'s plan; each marks
    random entity spans on their documents and marks them done. Returns the plan."""
    paragraphs = [line for line in seed_text.splitlines() if len(line.split()) > 8][:9]
    ids = [project.add_document(text)[0] for text in paragraphs]
    plan = plan_assignment(ids, names, 2)
    project.assign(plan.documents)
    rng = random.Random(7)
    for document_id, given in plan.documents.items():
        tokens = word_tokens(project.document(document_id))
        for name in given:
            starts = rng.sample(range(len(tokens)), 4)
            project.add_spans(document_id, name, [(*tokens[i], rng.choice(["PER", "ORG", "GPE"])) for i in starts])
            project.set_status(document_id, name, "done")
    return dict(plan.documents)
