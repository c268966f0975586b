"""The review of disagreements into the gold layer, without Qt, for the GUI and the CLI alike.

``groups``: a document's spans of the compared annotators joined into groups, each
agreed or a disagreement of some kind, with its recorded decision (reads only).
``adjudication``: the curator's decisions on groups, and frames, written into gold.
"""
