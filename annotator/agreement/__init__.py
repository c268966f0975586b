"""Inter-annotator agreement: pure functions over labels and spans, with no Qt and no storage.

``measures`` holds the chance-corrected coefficients (Cohen, Fleiss, Krippendorff),
``spans`` span-level precision/recall/F1, ``tokens`` the projection of spans onto tokens
that token-level coefficients compare. Undefined results are ``None`` everywhere.

Built on them, and reading a project: ``compute`` (agreement over a project's documents),
``report`` and ``html`` (its JSON contract, terminal table and HTML page). The review
of disagreements into gold, built on them, is ``annotator.review``.
"""

from annotator.agreement.measures import cohen_kappa, fleiss_kappa, fleiss_kappa_counts, krippendorff_alpha
from annotator.agreement.spans import PRF, overlap_pairs, per_label_prf, span_prf
from annotator.agreement.tokens import token_labels

__all__ = [
    "PRF",
    "cohen_kappa",
    "fleiss_kappa",
    "fleiss_kappa_counts",
    "krippendorff_alpha",
    "overlap_pairs",
    "per_label_prf",
    "span_prf",
    "token_labels",
]
