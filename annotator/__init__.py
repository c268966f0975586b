"""annotator: a desktop workbench for annotating Arabic news."""
