"""Frames: quotations and casualty claims, between the project, the suggester and the user.

- ``records``: frames (quotations and claims) as plain records (the JSON contract of ``annotator claims``,
  ``quotes`` and ``suggest``, and of export) and flat rows for the claims table.
- ``editing``: what the frame panel calls: a frame from a selection, a slot filled from
  a selection or an existing span; each one undo step.
- ``suggestions``: running the suggester and storing its frames as suggestions; accepting
  (spans, frame and decision in one undo step) and rejecting them.
- ``suggester``, ``lexicon``: the rule-based suggester itself.

Nothing is imported here, so importing one module does not pull in the others.
"""
