"""No module of the package, its benchmarks or its tests imports a name it never uses
(a package's ``__init__`` re-exports, so it is left out), as pyflakes would say."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def unused_imports(source: str) -> list[str]:
    """The names a module imports and never reads (in code, annotations or quoted annotations)."""
    tree = ast.parse(source)
    imported: dict[str, int] = {}
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and getattr(node, "module", None) != "__future__":
            for alias in node.names:
                imported[alias.asname or alias.name.split(".")[0]] = node.lineno
        elif isinstance(node, ast.Name):
            used.add(node.id)
        elif isinstance(node, ast.Constant) and isinstance(node.value, str) and node.value.isprintable():
            try:  # a quoted annotation ("Sequence[Token]") or a name in __all__
                used |= {name.id for name in ast.walk(ast.parse(node.value, mode="eval")) if isinstance(name, ast.Name)}
            except SyntaxError:
                pass
    return [f"line {line}: {name}" for name, line in imported.items() if name not in used]


def test_no_module_imports_what_it_does_not_use() -> None:
    found = {}
    for folder in ("annotator", "bench", "tests"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            if path.name != "__init__.py":
                unused = unused_imports(path.read_text(encoding="utf-8"))
                if unused:
                    found[str(path.relative_to(ROOT))] = unused
    assert found == {}


def test_an_unused_import_is_found() -> None:
    assert unused_imports("import re\nfrom typing import Sequence, Iterable\nx: Iterable[int]\n") == ["line 1: re", "line 2: Sequence"]
    assert unused_imports("from typing import Sequence\ndef f(x: 'Sequence[int]') -> None: ...\n") == []
