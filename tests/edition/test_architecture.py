"""The package's layout: rooms that import only downwards, and no import cycle.

Every import of every module of ``_ext/edition`` is read from its source (``ast``), those inside
functions included, so that an import moved into a function cannot hide a cycle. The rules are
the ones ``ARCHITECTURE.md`` states:

- the rooms stand in this order: ``core``, ``commentary``, ``apparatus``, ``reader``,
  ``exports``; a module imports modules of its own room or of the rooms before it, never after;
- ``core`` imports no room; ``checks`` may import every room, and no room imports ``checks``;
- ``edition/__init__.py`` imports the rooms and ``config`` to set them up; no room imports it;
- no cycle between modules.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2] / "_ext" / "edition"
ROOMS = ("core", "commentary", "apparatus", "reader", "exports")


def _module_name(path: Path) -> str:
    parts = ["edition", *path.relative_to(PACKAGE).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def _imports(name: str, path: Path, modules: dict[str, Path]) -> set[tuple[str, int]]:
    """The package's modules that ``name`` imports anywhere in its source, with the line."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[tuple[str, int]] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[:len(base) - node.level + 1]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            # ``from . import x`` imports the module x when there is one
            targets = [f"{module}.{alias.name}" if f"{module}.{alias.name}" in modules else module
                       for alias in node.names]
        else:
            continue
        for target in targets:
            if target in modules and target != name:
                found.add((target, node.lineno))
    return found


def _room(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def _graph() -> dict[str, set[tuple[str, int]]]:
    modules = _modules()
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def test_the_package_has_its_rooms() -> None:
    rooms = {_room(name) for name in _modules()}
    assert set(ROOMS) | {"checks", "config", ""} == rooms


@pytest.mark.parametrize("room", (*ROOMS, "checks"))
def test_each_room_registers_itself_or_is_a_set_of_tools(room: str) -> None:
    tree = ast.parse((PACKAGE / room / "__init__.py").read_text(encoding="utf-8"))
    functions = {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}
    assert ("setup" in functions) == (room != "checks")


def _allowed(room: str, other: str) -> bool:
    if other == room:
        return True
    if room == "":  # edition/__init__.py sets up the options and the rooms
        return other in (*ROOMS, "config")
    if room == "checks":
        return other in (*ROOMS, "config")
    if room == "config":
        return False
    return other in ROOMS and ROOMS.index(other) < ROOMS.index(room)


def test_rooms_import_only_downwards() -> None:
    wrong = [f"{module} (line {line}) imports {target}"
             for module, imported in _graph().items() for target, line in sorted(imported)
             if not _allowed(_room(module), _room(target))]
    assert wrong == []


def test_no_import_cycle() -> None:
    graph = {module: {target for target, _ in imported} for module, imported in _graph().items()}
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done

    def visit(module: str, path: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph[module]):
            if state.get(target) == 1:
                cycles.append(path[path.index(target):] + [target])
            elif target not in state:
                visit(target, path + [target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
    assert cycles == []


def test_the_check_sees_an_import_inside_a_function(tmp_path: Path) -> None:
    """The parser counts an import hidden in a function body (the way cycles were dodged)."""
    module = tmp_path / "hidden.py"
    module.write_text("def f():\n    from .core import text\n", encoding="utf-8")
    modules = {"edition.core.text": Path(), "edition.hidden": module}
    assert _imports("edition.hidden", module, modules) == {("edition.core.text", 2)}
