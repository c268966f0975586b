"""The import contract of the package: the layers import only downward, without circles.

* The core (every module outside ``annotator.gui``) imports no Qt: the CLI, the
  importers and the exporters run where PySide6 is not installed. Checked in a fresh
  interpreter, since this test process has Qt loaded already.
* The command line starts light: importing ``annotator.cli`` pulls in neither PySide6 nor
  numpy (nor the project and its storage), each command importing what it uses when it
  runs.
* No module imports, directly or through others, a module that imports it back (the
  imports under ``TYPE_CHECKING`` count: a circle of types is a knot all the same).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "annotator"


def module_names() -> dict[str, Path]:
    """Every module of the package by dotted name (a package by its own name)."""
    names = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        names[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return names


def imports_of(path: Path, modules: dict[str, Path]) -> set[str]:
    """The package's modules that ``path`` names in an import, anywhere in the file."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found |= {name for name in (node.module, *(f"{node.module}.{a.name}" for a in node.names)) if name in modules}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name in modules}
    return found


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected groups of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph[node]:
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            group = []
            while not group or group[-1] != node:
                group.append(stack.pop())
            if len(group) > 1:
                found.append(sorted(group))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_the_package_has_no_import_circle() -> None:
    modules = module_names()
    graph = {name: imports_of(path, modules) - {name} for name, path in modules.items()}
    assert circles(graph) == []


def test_the_cli_starts_light_and_the_core_imports_no_qt() -> None:
    core = [name for name in module_names() if not name.startswith("annotator.gui")]
    code = (
        "import sys, importlib, json\n"
        "import annotator.cli\n"
        "at_start = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'numpy', 'sqlite_utils', 'annotator'))\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "print(json.dumps([at_start, sorted(m for m in sys.modules if m.startswith('PySide6'))]))"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    at_start, qt = json.loads(result.stdout)
    assert qt == []
    assert not [name for name in at_start if name.split(".")[0] in ("PySide6", "numpy", "sqlite_utils")]
    assert "annotator.project" not in at_start
