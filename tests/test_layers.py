"""The architecture, checked: every package imports only the layers below it, and no package has an import circle.

Layers, bottom to top (a package may import its own layer and any layer below, never one above)::

    base < gazetteer < events < store < sources < geo < ui < shells (cli/, app.py)

Every ``import`` and ``from … import`` statement counts, including those inside functions (a lazy import is
still a dependency) and under ``if TYPE_CHECKING:`` (a type from a layer above is an upward dependency too); only
circles ignore the latter, which never run (``store.feeds`` names the ``Store`` type that imports it). The one exception: a package's ``__main__.py`` is the ``python -m`` entry point and may
import the shell package ``cli`` (``gazetteer/__main__.py`` → ``cli.gazetteer``) and nothing else above its
package; its command code lives in ``cli/``. Only ``ui`` and the shells may import streamlit.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
#: Bottom to top; packages on one line share a layer.
#: ``sources`` (live feeds and links) reads articles like ``events`` and records its state in ``store``; only the
#: dashboard and the shells use it.
LAYERS: tuple[tuple[str, ...], ...] = (
    ("base",),
    ("gazetteer",),
    ("events",),
    ("store",),
    ("sources",),
    ("geo",),
    ("ui",),
    ("cli", "app"),
)
RANK = {name: i for i, names in enumerate(LAYERS) for name in names}
SHELL = "cli"
UI_ONLY = ("streamlit", "streamlit_folium")


def project_modules(root: Path = ROOT) -> dict[str, Path]:
    """Dotted module name → file, for every module of the layered packages and ``app.py``."""
    out: dict[str, Path] = {}
    for top in RANK:
        if (root / f"{top}.py").is_file():
            out[top] = root / f"{top}.py"
        for path in sorted((root / top).rglob("*.py")) if (root / top).is_dir() else ():
            parts = list(path.relative_to(root).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            out[".".join(parts)] = path
    return out


def imports_of(name: str, source: str, known: set[str], *, is_package: bool = False) -> list[tuple[str, int, bool]]:
    """(imported module, line, for the type checker only) for every import statement anywhere in ``source``
    (functions included); the flag is set under ``if TYPE_CHECKING:``.

    ``from pkg import sub`` names the submodule ``pkg.sub`` when it is one of ``known``, else ``pkg``.
    Relative imports are resolved against ``name``.
    """
    package = name if is_package else name.rpartition(".")[0]
    tree = ast.parse(source)
    typing_only = {
        id(inner)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test)
        for stmt in node.body
        for inner in ast.walk(stmt)
    }
    out = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno, id(node) in typing_only) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                target = ".".join(base + ([node.module] if node.module else []))
            else:
                target = node.module or ""
            for alias in node.names:
                sub = f"{target}.{alias.name}"
                out.append((sub if sub in known else target, node.lineno, id(node) in typing_only))
    return out


def check(modules: dict[str, tuple[str, bool]]) -> list[str]:
    """Problems in ``modules`` (dotted name → (source, is_package)): upward imports and import circles."""
    known = set(modules)
    problems: list[str] = []
    graph: dict[str, set[str]] = {m: set() for m in modules}
    for name, (source, is_package) in sorted(modules.items()):
        top = name.split(".")[0]
        is_main = name.endswith(".__main__")
        for target, line, typing_only in imports_of(name, source, known, is_package=is_package):
            other = target.split(".")[0]
            if other in UI_ONLY and RANK[top] < RANK["ui"]:
                problems.append(f"{name}:{line} imports {target}: only ui/ and the shells may use streamlit")
            if other not in RANK:
                continue  # standard library or third party
            if other == top:
                if target in graph and target != name and not typing_only:
                    graph[name].add(target)
                continue
            if RANK[other] > RANK[top] and not (is_main and other == SHELL):
                problems.append(f"{name}:{line} imports {target}: {other} is a layer above {top}")
            elif RANK[other] == RANK[top]:
                problems.append(f"{name}:{line} imports {target}: {other} and {top} share a layer")
    problems.extend(f"import circle: {' -> '.join(c)}" for c in circles(graph))
    return problems


def circles(graph: dict[str, set[str]]) -> list[list[str]]:
    """One circle (as a path that returns to its start) per strongly connected group of modules."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:  # Tarjan; the graphs are small, recursion depth is fine
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(_path(graph, sorted(group)))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return found


def _path(graph: dict[str, set[str]], group: list[str]) -> list[str]:
    """A circle through the first module of a strongly connected group, for the message."""
    start, members = group[0], set(group)
    prev: dict[str, str] = {}
    todo = [start]
    while todo:
        v = todo.pop(0)
        for w in sorted(graph[v] & members):
            if w == start:
                path = [v]
                while path[-1] != start:
                    path.append(prev[path[-1]])
                return [start, *path[::-1][1:], start] if len(path) > 1 else [start, v, start]
            if w not in prev:
                prev[w] = v
                todo.append(w)
    return group


def _sources(root: Path = ROOT) -> dict[str, tuple[str, bool]]:
    return {
        name: (path.read_text(encoding="utf-8"), path.name == "__init__.py")
        for name, path in project_modules(root).items()
    }


def test_imports_run_only_downward_and_in_no_circle():
    modules = _sources()
    assert {"base", "gazetteer", "events", "store", "sources", "geo", "ui", "cli", "app"} <= {
        m.split(".")[0] for m in modules
    }
    problems = check(modules)
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize(
    "extra, expected",
    [
        (
            {"gazetteer.bad": ("def f():\n    from events.io import read_articles\n", False)},
            "gazetteer.bad:2 imports events.io: events is a layer above gazetteer",
        ),
        ({"store.bad": ("import geo\n", False)}, "store.bad:1 imports geo: geo is a layer above store"),
        (
            {"events.a": ("from . import b\n", False), "events.b": ("def f():\n    from .a import x\n", False)},
            "import circle: events.a -> events.b -> events.a",
        ),
        ({"geo.bad": ("import streamlit as st\n", False)}, "only ui/ and the shells may use streamlit"),
        ({"events.__main__": ("from ui import app\n", False)}, "ui is a layer above events"),
        (
            {"store.bad": ("from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from geo import X\n", False)},
            "store.bad:3 imports geo: geo is a layer above store",
        ),
    ],
)
def test_the_check_finds_upward_imports_and_circles(extra, expected):
    modules = {"events": ("", True), "events.io": ("", False), **extra}
    problems = check(modules)
    assert any(expected in p for p in problems), problems


def test_a_circle_through_type_checking_imports_is_no_circle():
    typed = "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n"
    assert check({"events.a": ("from . import b\n", False), "events.b": (typed, False)}) == []
    assert check({"events.a": ("from . import b\n", False), "events.b": ("from .a import A\n", False)}) != []


def test_a_main_module_may_call_the_shell():
    assert check({"events.__main__": ("from cli.events import main\n", False), "cli.events": ("", False)}) == []
