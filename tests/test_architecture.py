"""The shape of the package: no import cycles (counting imports inside functions and under
TYPE_CHECKING too), nothing imports the orchestrator, only the CLI knows typer."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "evaluator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path, known: set[str]) -> set[str]:
    """Every evaluator module ``path`` imports, wherever the import statement stands."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own = module_name(path)
    package = own if path.name == "__init__.py" else own.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("evaluator"))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            if not base.startswith("evaluator"):
                continue
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return {m for m in found if m in known and m != own}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    names = set(known)
    return {name: imports_of(path, names) for name, path in known.items()}


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_no_import_cycles():
    assert cycles(import_graph()) == []


def test_nothing_imports_the_orchestrator():
    graph = import_graph()
    importers = sorted(m for m, deps in graph.items() if "evaluator.pipeline" in deps)
    assert importers == ["evaluator.cli"]


def test_only_the_cli_knows_typer():
    users = sorted(name for name, path in modules().items() if "typer" in path.read_text(encoding="utf-8")
                   and any(isinstance(n, (ast.Import, ast.ImportFrom)) and "typer" in ast.dump(n)
                           for n in ast.walk(ast.parse(path.read_text(encoding="utf-8")))))
    assert set(users) <= {"evaluator.cli", "evaluator.cli_dutch"}


def test_the_entry_points_in_docs_architecture_exist():
    """Every module, function and file docs/architecture.md names is really there."""
    import importlib
    import re

    doc = (PACKAGE.parent / "docs" / "architecture.md").read_text(encoding="utf-8")
    tops = {p.stem for p in PACKAGE.iterdir() if p.suffix == ".py" or (p / "__init__.py").exists()}
    dotted = {m for m in re.findall(r"\b([a-z_]+(?:\.[A-Za-z_]+)+)", doc)
              if m.split(".")[0] in tops and m.split(".")[-1] not in ("py", "md", "html", "json", "pdf", "yaml")}
    assert len(dotted) >= 10
    for name in sorted(dotted):
        parts = name.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                target = importlib.import_module("evaluator." + ".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attribute in parts[cut:]:
                assert hasattr(target, attribute), f"docs/architecture.md noemt {name}: {attribute} bestaat niet"
                target = getattr(target, attribute)
            break
        else:
            raise AssertionError(f"docs/architecture.md noemt {name}: die module bestaat niet")
    files = set(re.findall(r"\b((?:[a-z_]+/)+[a-z_]+\.(?:py|md))\b", doc))
    for file in files:
        assert any((base / file).exists() for base in (PACKAGE, PACKAGE.parent)), file
