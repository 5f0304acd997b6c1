"""The core knows nothing of Textual: each layer imports in a fresh interpreter without it."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import netui.core
from netui.db import models


@pytest.mark.parametrize(
    "module",
    ["netui.core.contacts", "netui.core.search", "netui.core.demo", "netui.db", "netui.interop.backup", "netui.cli"],
)
def test_layer_imports_without_textual(module):
    code = (
        f"import {module}, sys; "
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]; "
        "print(','.join(bad)); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, f"{module} pulled in: {result.stdout} {result.stderr}"


def test_every_core_db_interop_module_is_free_of_textual():
    code = (
        "import pkgutil, importlib, sys, netui.core, netui.db, netui.interop\n"
        "for pkg in (netui.core, netui.db, netui.interop):\n"
        "    for info in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(info.name)\n"
        "bad = [m for m in sys.modules if m.split('.')[0] in ('textual', 'rich')]\n"
        "print(','.join(bad)); sys.exit(1 if bad else 0)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


# --- the core's own shape: what each module needs is said at its top, and nothing goes round in a circle

CORE = Path(netui.core.__file__).parent
START_UP = "# start-up:"  # the comment that lets an import wait inside a function, and says why


def _modules(root: Path = CORE) -> dict[str, Path]:
    """Every module under ``root`` by dotted name (a package by its own name, not ``__init__``)."""
    out = {}
    for path in sorted(root.rglob("*.py")):
        parts = path.relative_to(root.parent.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _function_level_imports(path: Path) -> list[tuple[int, str]]:
    """(line, source) of each import inside a function that carries no ``# start-up:`` comment."""
    source = path.read_text(encoding="utf-8")
    lines = source.splitlines()
    found = []
    for func in ast.walk(ast.parse(source)):
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        for node in ast.walk(func):
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                said = " ".join(lines[max(node.lineno - 2, 0) : node.end_lineno])
                if START_UP not in said:
                    found.append((node.lineno, ast.unparse(node)))
    return sorted(set(found))


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The modules of ``known`` that module ``name`` imports, anywhere in it (a function too)."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join(anchor + ([base] if base else []))
            # ``from pkg import mod`` imports the module ``pkg.mod``; ``from mod import name`` imports ``mod``.
            targets = [f"{base}.{alias.name}" if f"{base}.{alias.name}" in known else base for alias in node.names]
        else:
            continue
        out.update(t for t in targets if t in known and t != name)
    return out


def _cycle(graph: dict[str, set[str]]) -> list[str] | None:
    """One import cycle as a path (first module repeated at the end), or None."""
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(node: str) -> list[str] | None:
        state[node] = 1
        path.append(node)
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                return path[path.index(nxt) :] + [nxt]
            if nxt not in state and (found := visit(nxt)):
                return found
        path.pop()
        state[node] = 2
        return None

    for node in sorted(graph):
        if node not in state and (found := visit(node)):
            return found
    return None


def test_the_core_imports_at_module_level_only():
    """A function-level import hides what a module depends on (and the cycles it would make)."""
    offenders = [
        f"{path.relative_to(CORE.parent.parent)}:{line}: {text}"
        for path in _modules().values()
        for line, text in _function_level_imports(path)
    ]
    assert not offenders, "imports inside functions (move them up, or say '# start-up: why'):\n" + "\n".join(offenders)


def test_no_import_cycle_among_core_modules():
    """Imports inside functions count too: deferring one does not make a cycle go away."""
    modules = _modules()
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    assert "netui.core.derived" in graph["netui.core.contacts"]  # the graph sees what it should
    assert _cycle(graph) is None, "import cycle: " + " -> ".join(_cycle(graph) or [])


def test_the_checks_catch_what_they_look_for(tmp_path):
    """The two checks above, on made-up modules: a hidden import and a cycle are both found."""
    pkg = tmp_path / "netui" / "core"
    pkg.mkdir(parents=True)
    (pkg / "__init__.py").write_text("")
    (pkg / "a.py").write_text("from netui.core import b\n\n\ndef f():\n    from netui.core import c\n")
    (pkg / "b.py").write_text("def g():\n    # start-up: the CLI's --help stays fast\n    import netui.core.a\n")
    (pkg / "c.py").write_text("")
    modules = _modules(pkg)
    assert _function_level_imports(modules["netui.core.a"]) == [(5, "from netui.core import c")]
    assert _function_level_imports(modules["netui.core.b"]) == []
    graph = {name: _imports(name, path, set(modules)) for name, path in modules.items()}
    assert graph["netui.core.a"] == {"netui.core.b", "netui.core.c"}
    assert _cycle(graph) == ["netui.core.a", "netui.core.b", "netui.core.a"]


def test_core_modules_stay_small():
    """No module of the core over ~500 lines: a bigger one is split along its own seams."""
    big = {name: n for name, path in _modules().items() if (n := len(path.read_text(encoding="utf-8").splitlines())) > 500}
    assert not big, f"modules over 500 lines: {big}"


def test_the_db_layer_does_not_reach_up_and_holds_no_domain_words():
    """db sits under core: it imports nothing of core, interop or tui, and the circles and kinds live in core."""
    db_root = CORE.parent / "db"
    upward = [
        f"{name}: {target}"
        for name, path in _modules(db_root).items()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, (ast.Import, ast.ImportFrom))
        for target in ([a.name for a in node.names] if isinstance(node, ast.Import) else [node.module or ""])
        if target.startswith(("netui.core", "netui.interop", "netui.tui"))
    ]
    assert not upward, upward
    assert not {"CIRCLES", "INTERACTION_KINDS", "GIVE_DIRECTIONS", "GIVE_KINDS", "METHOD_KINDS"} & set(vars(models))
