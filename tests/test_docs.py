"""The documentation matches the code: every public module is on the API reference page, every public
function and class has a docstring, and the README's quick start names the real commands."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import essay_edition

ROOT = Path(__file__).resolve().parent.parent


def public_modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(essay_edition.__path__, "essay_edition.")
                  if not m.ispkg and not any(p.startswith("_") for p in m.name.split(".")[1:]))


def test_every_public_module_is_on_the_reference_page() -> None:
    reference = (ROOT / "docs/reference.md").read_text(encoding="utf-8")
    entries = [line.split(":::", 1)[1].strip() for line in reference.splitlines() if line.startswith(":::")]
    assert set(public_modules()) == set(entries)
    assert len(entries) == len(set(entries)), "a module listed twice gives its headings duplicate ids"


def test_every_public_function_and_class_has_a_docstring() -> None:
    missing = []
    for name in public_modules():
        module = importlib.import_module(name)
        if not inspect.getdoc(module):
            missing.append(name)
        for attr, obj in vars(module).items():
            if attr.startswith("_") or getattr(obj, "__module__", None) != name:
                continue
            if (inspect.isfunction(obj) or inspect.isclass(obj)) and not inspect.getdoc(obj):
                missing.append(f"{name}.{attr}")
    assert not missing, "no docstring: " + ", ".join(missing)


def test_readme_quick_start_names_the_real_commands() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    quick = readme.split("\n## ", 2)[1]
    assert "bash scripts/serve.sh" in quick and "bash scripts/test.sh" in quick
    assert (ROOT / "scripts/serve.sh").exists() and (ROOT / "scripts/test.sh").exists()
    assert "bash scripts/test.sh" in (ROOT / ".ci/run").read_text(encoding="utf-8")
