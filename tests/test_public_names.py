"""Every name of the package the README shows (``annotator.parse_count``, ``python -m
annotator.frames.evaluate``) exists where it says, and the package's own public names
import as ``from annotator import NAME``."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import annotator

README = Path(__file__).resolve().parents[1] / "README.md"
DOTTED = re.compile(r"\bannotator(?:\.[A-Za-z_]\w*)+")


def resolve(dotted: str) -> object:
    """The module or attribute ``dotted`` names: the longest importable module, then attributes."""
    parts = dotted.split(".")
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:cut]))
        except ModuleNotFoundError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise AssertionError(f"{dotted}: nothing of it imports")


def test_every_name_the_readme_shows_exists() -> None:
    shown = sorted({name.rstrip(".") for name in DOTTED.findall(README.read_text(encoding="utf-8"))})
    assert "annotator.parse_count" in shown
    for dotted in shown:
        assert resolve(dotted) is not None, dotted


def test_the_public_names_import_from_the_package() -> None:
    namespace: dict[str, object] = {}
    exec(f"from annotator import {', '.join(annotator.__all__)}", namespace)
    assert namespace["parse_count"]("أكثر من مئة").min == 101  # type: ignore[operator]
    assert {"AnnotatorError", "CountRange", "Project", "parse_count"} <= set(annotator.__all__) <= set(dir(annotator))


def test_the_readme_architecture_names_every_module_and_package() -> None:
    text = README.read_text(encoding="utf-8")
    block = text[text.index("## Architecture") :].split("```")[1]
    listed = set(re.findall(r"^  (\w+(?:\.py|/))", block, flags=re.MULTILINE))
    package = Path(annotator.__file__).parent
    present = {f"{path.name}/" if path.is_dir() else path.name for path in package.iterdir()
               if not path.name.startswith((".", "__pycache__")) and (path.suffix == ".py" or (path / "__init__.py").is_file())}
    assert present - listed == set(), "add these to the README's Architecture section"
    assert listed - present == set(), "the README's Architecture section names what is gone"
