"""Every label sent to translators (papercache.pot) is one the extension shows."""

from __future__ import annotations

import ast
import sys

from util import ROOT

PACKAGE = ROOT / "exts" / "papercache"
sys.path.insert(0, str(ROOT / "exts"))
from papercache import labels  # noqa: E402


def _is_label_call(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "text"
        and isinstance(node.func.value, ast.Name)
        and node.func.value.id == "labels"
    )


def _loop_values(tree: ast.AST, name: str) -> list[ast.expr]:
    """What a loop variable *name* takes in ``for`` loops and comprehensions over literals."""
    values = []
    loops = [n for n in ast.walk(tree) if isinstance(n, ast.For | ast.comprehension)]
    for loop in loops:
        if not isinstance(loop.iter, ast.Tuple | ast.List):
            continue
        if isinstance(loop.target, ast.Name) and loop.target.id == name:
            values += loop.iter.elts
        elif isinstance(loop.target, ast.Tuple):
            names = [t.id if isinstance(t, ast.Name) else None for t in loop.target.elts]
            if name in names:
                at = names.index(name)
                values += [e.elts[at] for e in loop.iter.elts if isinstance(e, ast.Tuple)]
    return values


def labels_shown() -> set[str]:
    """The keys named in ``labels.text(...)`` calls, literally or through a literal loop."""
    shown: set[str] = set()
    for path in sorted(PACKAGE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for call in filter(_is_label_call, ast.walk(tree)):
            arg = call.args[0]
            values = _loop_values(tree, arg.id) if isinstance(arg, ast.Name) else [arg]
            keys = [v.value for v in values if isinstance(v, ast.Constant)]
            assert keys and len(keys) == len(values), f"{path.name}:{call.lineno}: name a label"
            shown.update(keys)
    return shown


def test_every_label_is_shown_and_every_shown_label_exists() -> None:
    shown = labels_shown()
    assert set(labels.TEXT) - shown == set(), "labels never shown, still sent to translators"
    assert shown - set(labels.TEXT) == set()
    assert set(labels.CONTEXT) <= set(labels.TEXT)  # no comment for a label that is gone
