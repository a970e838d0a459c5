"""The extension's modules form no import cycle, and invalidation hashes views, not renderers."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "exts" / "papercache"
RENDERERS = {"cards", "listing", "tags", "roles", "graph", "render", "bibexport"}


def imports() -> dict[str, set[str]]:
    """Each module's imports of sibling modules at module level (what runs on import)."""
    graph: dict[str, set[str]] = {}
    for path in sorted(PACKAGE.glob("*.py")):
        found: set[str] = set()
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.ImportFrom) and node.level == 1:
                if node.module:
                    found.add(node.module.split(".")[0])
                else:
                    found.update(alias.name for alias in node.names)
        graph[path.stem] = found
    return graph


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every cycle met by a depth-first walk (empty when the graph is acyclic)."""
    state: dict[str, str] = {}
    found: list[list[str]] = []

    def walk(module: str, path: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph.get(module, ())):
            if state.get(other) == "open":
                found.append([*path[path.index(other) :], other])
            elif other in graph and other not in state:
                walk(other, [*path, other])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    return found


def test_cycle_finder_finds_a_cycle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}}) == [["a", "b", "c", "a"]]
    assert cycles({"a": {"b"}, "b": set()}) == []


def test_modules_form_no_import_cycle() -> None:
    graph = imports()
    assert {"domain", "views", "invalidation", "cards"} <= set(graph)
    assert cycles(graph) == []


def test_invalidation_and_views_depend_on_no_renderer() -> None:
    """What a page shows is computed once, in views.py; fingerprints hash it, renderers draw it."""
    graph = imports()
    assert graph["invalidation"] & RENDERERS == set()
    assert graph["views"] & RENDERERS == set()
    assert "views" in graph["invalidation"]
    for renderer in ("cards", "listing", "tags", "roles", "graph"):
        assert "views" in graph[renderer] or "views" in graph["render"], renderer
