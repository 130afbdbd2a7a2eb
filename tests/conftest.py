"""Shared fixtures: the built site, a local server for it, Chromium, and the external checkers.

The site is built once per session with the same command a reader of the README runs
(`mkdocs build --strict`), into a temporary directory, so tests never read a stale `site/`.
External tools (Chromium, linkchecker, java, the npm checkers) are looked up by fixtures:
when one is missing the test is skipped with the reason locally, but fails under `CI=true`,
so a CI machine that lost an install step cannot pass by skipping.

Checkers report what they covered through `checker_report`; the figures are printed in the
terminal summary (without `-s`), so CI logs show how many pages each tool judged.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from serving import serve_directory

REPO_ROOT = Path(__file__).resolve().parent.parent
ARTIFACTS = REPO_ROOT / "artifacts"
NODE_MODULES = REPO_ROOT / "node_modules"
VNU_JAR = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = NODE_MODULES / "axe-core" / "axe.min.js"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}


def in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def missing_tool(reason: str) -> None:
    """Skip locally, fail under CI=true: CI must have every checker installed."""
    if in_ci():
        pytest.fail(f"{reason} (CI=true: .ci/run must install it)", pytrace=False)
    pytest.skip(reason)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--run-fuzz", action="store_true", default=False, help="run the long fuzz tests (marker fuzz)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--run-fuzz"):
        return
    skip_fuzz = pytest.mark.skip(reason="long fuzz run is opt-in: pass --run-fuzz")
    for item in items:
        if "fuzz" in item.keywords:
            item.add_marker(skip_fuzz)


# --- what the checkers covered, shown in the terminal summary ----------------------------------


@dataclass
class CheckerLine:
    tool: str
    pages: int
    seconds: float
    note: str = ""


@dataclass
class CheckerReport:
    lines: list[CheckerLine] = field(default_factory=list)

    def __call__(self, tool: str, pages: int, seconds: float, note: str = "") -> None:
        """Add a tool's figures; repeated calls for one tool (one per parametrized test) accumulate."""
        for line in self.lines:
            if line.tool == tool:
                line.pages += pages
                line.seconds += seconds
                if note and note not in line.note:
                    line.note = f"{line.note}; {note}" if line.note else note
                return
        self.lines.append(CheckerLine(tool, pages, seconds, note))


_REPORT_KEY = pytest.StashKey[CheckerReport]()


def pytest_configure(config: pytest.Config) -> None:
    config.stash[_REPORT_KEY] = CheckerReport()


@pytest.fixture(scope="session")
def checker_report(pytestconfig: pytest.Config) -> CheckerReport:
    """Call as `checker_report(tool, pages, seconds, note)`; printed at the end of the run."""
    return pytestconfig.stash[_REPORT_KEY]


def pytest_terminal_summary(terminalreporter, exitstatus: int, config: pytest.Config) -> None:
    report = config.stash.get(_REPORT_KEY, None)
    if not report or not report.lines:
        return
    terminalreporter.section("site checkers")
    for line in report.lines:
        note = f"  {line.note}" if line.note else ""
        terminalreporter.write_line(f"{line.tool:<28} {line.pages:>4} pages  {line.seconds:7.1f} s{note}")


# --- building and serving the site -------------------------------------------------------------


def build_site(dest: Path, env: dict[str, str] | None = None) -> float:
    """Build the repo's site into `dest` with `mkdocs build --strict` (with `env` added to the
    environment); return seconds taken."""
    start = time.monotonic()
    proc = subprocess.run(  # noqa: PLW1510 - the exit status is judged below
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)],
        cwd=REPO_ROOT,
        env={**os.environ, **BUILD_ENV, **(env or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed ({proc.returncode}):\n{proc.stdout}{proc.stderr}", pytrace=False)
    return time.monotonic() - start


@pytest.fixture(scope="session")
def site_builder():
    """`site_builder(dest)` builds the site into `dest` (failing the test on a build error), returns seconds."""
    return build_site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory, checker_report: CheckerReport) -> Path:
    """The site, built once per session from the repo root."""
    dest = tmp_path_factory.mktemp("build") / "site"
    seconds = build_site(dest)
    checker_report("mkdocs build --strict", len(list(dest.rglob("*.html"))), seconds)
    return dest


@pytest.fixture(scope="session")
def served_site(built_site: Path) -> Iterator[str]:
    """Base URL (ending in '/') of the built site served over http on 127.0.0.1."""
    with serve_directory(built_site) as base:
        yield base


@pytest.fixture(scope="session")
def essay_data(built_site: Path) -> dict:
    """The site's `data/essay.json`."""
    path = built_site / "data" / "essay.json"
    if not path.is_file():
        pytest.fail(f"{path.relative_to(built_site)} missing from the built site", pytrace=False)
    return json.loads(path.read_text(encoding="utf-8"))


# --- external tools ----------------------------------------------------------------------------


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """Debian's Chromium driven by Playwright (never a downloaded browser)."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        missing_tool("Python package playwright is not installed")
    if not os.access(CHROMIUM, os.X_OK):
        missing_tool(f"{CHROMIUM} is missing (apt-get install chromium)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def zensical_bin() -> str:
    """The zensical executable: $ZENSICAL_BIN, on the PATH, or in .venv-zensical (scripts/test.sh)."""
    found = os.environ.get("ZENSICAL_BIN") or shutil.which("zensical")
    local = REPO_ROOT / ".venv-zensical" / "bin" / "zensical"
    if not found and local.exists():
        found = str(local)
    if not found:
        missing_tool("zensical is not installed (scripts/test.sh installs it into .venv-zensical)")
    return str(found)


@pytest.fixture(scope="session")
def linkchecker_bin() -> str:
    path = shutil.which("linkchecker")
    if path is None:
        missing_tool("linkchecker is missing (apt-get install linkchecker)")
    return path


@pytest.fixture(scope="session")
def vnu_command() -> list[str]:
    """`java -jar …/vnu.jar`, the Nu HTML Checker from the npm package vnu-jar."""
    java = shutil.which("java")
    if java is None:
        missing_tool("java is missing (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing_tool(f"{VNU_JAR.relative_to(REPO_ROOT)} is missing (npm ci --ignore-scripts)")
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_JS.is_file():
        missing_tool(f"{AXE_JS.relative_to(REPO_ROOT)} is missing (npm ci --ignore-scripts)")
    return AXE_JS


@pytest.fixture(scope="session")
def screenshot_dir() -> Path:
    path = ARTIFACTS / "screenshots"
    path.mkdir(parents=True, exist_ok=True)
    return path
