"""The entity model in the loop: train on the project's own annotations, suggest entities.

- ``learning.examples``: which layer, documents and labels a model learns from, the
  held-out share, and the spaCy Docs built from the project's own tokens;
- ``learning.scores``: precision, recall and F1 per label on held-out documents;
- ``learning.train``: training a small CNN entity recognizer with spaCy, one thread;
- ``learning.models``: models kept inside the project file, and loading them (or any
  spaCy pipeline the user has, with a label mapping);
- ``learning.suggest``: entity suggestions and each document's uncertainty;
- ``learning.lift``: how much the suggestions helped (decisions, seconds per document).

spaCy is optional (``annotator.nlp``): these modules import it only when they run.
"""
