"""The package keeps its shape: one direction of flow, no import cycles, every dependency declared and used.

Imports are read from the source (every ``import`` anywhere in a module, inside functions too,
except under ``if TYPE_CHECKING:``), so a cycle cannot hide behind an import inside a function.
"""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "src" / "essay_edition"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_checking_lines(tree: ast.Module) -> set[int]:
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for inner in node.body:
                lines.update(range(inner.lineno, (inner.end_lineno or inner.lineno) + 1))
    return lines


def imports_of(path: Path) -> set[str]:
    """Every module ``path`` imports at run time, by absolute name (relative imports resolved)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    skip = _type_checking_lines(tree)
    here = module_name(path).split(".")
    package = here if path.name == "__init__.py" else here[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if getattr(node, "lineno", 0) in skip:
            continue
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package[: len(package) - node.level + 1] if node.level else []
            module = ".".join([*base, *(node.module.split(".") if node.module else [])])
            found.add(module)
            found.update(f"{module}.{alias.name}" for alias in node.names)  # `from . import x` imports a module
    return found


def graph() -> dict[str, set[str]]:
    modules = {module_name(p): p for p in PACKAGE.rglob("*.py")}
    return {name: {m for m in imports_of(path) if m in modules and m != name} for name, path in modules.items()}


def test_render_never_imports_enrich() -> None:
    bad = sorted(f"{name} imports {target}" for name, targets in graph().items() if name.startswith("essay_edition.render")
                 for target in targets if target.startswith("essay_edition.enrich"))
    assert not bad, "render enriches nothing: " + "; ".join(bad)


def test_the_model_imports_no_stage() -> None:
    stages = ("essay_edition.parse", "essay_edition.enrich", "essay_edition.render", "essay_edition.build")
    bad = sorted(f"{name} imports {target}" for name, targets in graph().items() if name.startswith("essay_edition.model")
                 for target in targets if target.startswith(stages))
    assert not bad, "; ".join(bad)


def test_no_import_cycles() -> None:
    edges = graph()
    cycles: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the stack, 2: done

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for target in sorted(edges[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target):], target])
            elif target not in state:
                visit(target, [*stack, target])
        state[node] = 2

    for name in sorted(edges):
        if name not in state:
            visit(name, [name])
    assert not cycles, "import cycles: " + "; ".join(" -> ".join(c) for c in cycles[:5])


def _declared() -> set[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {re.split(r"[<>=!\[; ]", spec, maxsplit=1)[0].lower().replace("_", "-") for spec in project["dependencies"]}


def test_every_runtime_import_is_declared() -> None:
    distributions = packages_distributions()
    declared = _declared()
    missing = set()
    for path in PACKAGE.rglob("*.py"):
        for module in imports_of(path):
            top = module.split(".")[0]
            if top in sys.stdlib_module_names or top == "essay_edition" or not top:
                continue
            owners = {d.lower().replace("_", "-") for d in distributions.get(top, [top])}
            if not owners & declared:
                missing.add(f"{top} (in {path.relative_to(ROOT)})")
    assert not missing, "imported but not declared in pyproject.toml: " + ", ".join(sorted(missing))


def test_every_declared_dependency_is_used() -> None:
    distributions = packages_distributions()
    used = set()
    for path in PACKAGE.rglob("*.py"):
        # Imported, or run as a program (`sys.executable, "-m", "pagefind"`).
        run = set(re.findall(r'"-m", "([A-Za-z0-9_.]+)"', path.read_text(encoding="utf-8")))
        for module in imports_of(path) | run:
            used.update(d.lower().replace("_", "-") for d in distributions.get(module.split(".")[0], []))
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    by_config = {"mkdocs-material": "name: material", "mkdocstrings": "- mkdocstrings", "pymdown-extensions": "pymdownx."}
    used.update(dist for dist, marker in by_config.items() if marker in config)
    unused = _declared() - used
    assert not unused, "declared but never imported nor configured: " + ", ".join(sorted(unused))
