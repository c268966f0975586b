"""How well the proclitic segmenter keeps names whole and splits real proclitics, on
the shared corpora (``shared/corpora``: Wojood, NewsFANE, AQMAR), as a project would.

    python -m annotator.segment_evaluation ../shared     # prints the figures as JSON

Nothing of the corpora is copied: the evaluation set is built from them at run time.
The corpora are imported into a temporary project; a document is held out when the
SHA-1 of its id is even. The project's evidence is what it would be in use: the
names are the words of the entity spans of the other documents only (so every held-out
name never seen before is a real test), the words standing alone are counted over all
texts (unannotated text is evidence a project always has).

Items, from the held-out documents:

- a **name** is a word of an entity span that begins with و ف ب ك ل س and is not a
  proclitic chain before another corpus name (Wojood keeps «لحماس» inside spans); it
  is whole when the segmenter leaves nothing outside it (the article may split off,
  it stays inside entity spans); labels that are not names (``NOT_NAMES``) are left out;
- a **proclitic** is a word of the text that is a chain of و ف ب ك ل س (the article
  may follow) before a corpus name of at least 3 letters seen in spans at least twice
  and at least as often as the whole word stands in the texts (so «بيان» is not ب + يان) («وفرنسا»، «لحماس»،
  «بالقاعدة»), and is not itself a corpus name; it is split when exactly that chain is
  left outside.
"""

from __future__ import annotations

import hashlib
import json
import sys
import tempfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from annotator.importing import import_paths
from annotator.project import Project
from annotator.text.normalize import PROCLITIC_SEQUENCES
from annotator.text.segment import Segmenter, fold, names_from, word_counts
from annotator.text.tokenize import WORD_RE

CORPORA = ("wojood_sample", "newsfane_gold", "aqmar")
NOT_NAMES = frozenset(
    "DATE TIME ORDINAL CARDINAL QUANTITY MONEY PERCENT UNIT CURR OCC EVENT LAW LANGUAGE ENGLISH SPANISH "
    "Book Movie Sports Shooting Food Drug Plant Water Projectile Medical-Science Software Hardware".split()
)
"""Labels whose spans are not names (dates, numbers, occupations, titles of works...);
and AQMAR's article-specific MIS labels, whose spans are mostly terms."""
PROCLITIC_LETTERS = tuple("وفبكلس")
_OUTSIDE_CHAINS = sorted(
    {"".join(p for p, is_article in chain if not is_article) for chain in PROCLITIC_SEQUENCES if "س" not in chain[-1][0]}
    - {""},
    key=len,
    reverse=True,
)
_ARTICLE_CHAINS = tuple({"".join(p for p, _ in chain) for chain in PROCLITIC_SEQUENCES if chain[-1][1] and len(chain) > 1})
"""وال، بال، لل...: a span's first word that begins so has its proclitic inside (Wojood's
convention), it is not a name that begins with these letters."""
"""The written proclitics that stay outside a span (not the article; not the future
marker س, which never stands before a name)."""


@dataclass(frozen=True)
class Figures:
    names: int
    names_whole: int
    proclitics: int
    proclitics_split: int
    cut_names: list[str]
    missed_proclitics: list[str]

    def to_json(self) -> dict[str, object]:
        return {
            "names": self.names,
            "names_whole": round(self.names_whole / self.names, 3) if self.names else None,
            "proclitics": self.proclitics,
            "proclitics_split": round(self.proclitics_split / self.proclitics, 3) if self.proclitics else None,
            "cut_names": self.cut_names,
            "missed_proclitics": self.missed_proclitics[:30],
        }


def held_out(document_id: str) -> bool:
    return hashlib.sha1(document_id.encode()).digest()[-1] % 2 == 0


def _entity_words(project: Project, document_ids: set[str]) -> Counter[str]:
    """The first words (as written) of the name spans of these documents: later words of a
    name may carry their own proclitic (المجلس الأعلى «لشؤون» المرأة)."""
    entity = {label.name for label in project.schema.entity_labels
              if label.name not in NOT_NAMES and not label.name.startswith("MIS")}
    words: Counter[str] = Counter()
    for document in project.iter_documents(sorted(document_ids)):
        for span in project.spans(document.id):
            if span.label in entity:
                words.update(WORD_RE.findall(document.text[span.start : span.end])[:1])
    return words


def evaluate(shared: Path) -> Figures:
    with tempfile.TemporaryDirectory() as folder:
        project = Project.create(Path(folder) / "corpora.db")
        import_paths(project, [shared / "corpora" / name for name in CORPORA], lenient=True)
        ids = project.document_ids()
        test = {i for i in ids if held_out(i)}
        train_words = _entity_words(project, set(ids) - test)
        test_words = _entity_words(project, test)
        all_names = names_from([*train_words, *test_words])
        name_counts = Counter(fold(w) for w in (train_words + test_words).elements())
        text_counts = word_counts(project.iter_texts())
        segmenter = Segmenter(names=names_from(train_words, text_counts), bare_counts=text_counts)
        names = sorted(
            w for w in test_words
            if w.startswith(PROCLITIC_LETTERS) and fold(w) in all_names and not fold(w).startswith(_ARTICLE_CHAINS)
        )
        cut = [w for w in names if segmenter.segment(w).outside]
        proclitics: dict[str, int] = {}
        for document in project.iter_documents(sorted(test)):
            for word in WORD_RE.findall(document.text):
                folded = fold(word)
                if folded in all_names or word in proclitics:
                    continue
                chain = next((c for c in _OUTSIDE_CHAINS if folded.startswith(c) and len(folded) - len(c) >= 3
                              and folded[len(c):] in all_names
                              and name_counts[folded[len(c):]] >= max(2, text_counts[folded])), None)
                if chain is not None:
                    proclitics[word] = len(chain)
        missed = sorted(w for w, outside in proclitics.items() if segmenter.segment(w).outside != outside)
        project.close()
    return Figures(len(names), len(names) - len(cut), len(proclitics), len(proclitics) - len(missed), cut, missed)


if __name__ == "__main__":
    print(json.dumps(evaluate(Path(sys.argv[1] if len(sys.argv) > 1 else "../shared")).to_json(), ensure_ascii=False, indent=1))
