"""Fixtures for judging the built site: the page standing for each page type, and a guarded browser page.

Every browser page opened here aborts and records any request to a host other than 127.0.0.1 and
records console errors, so each test can assert the site is self-contained and quiet.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from serving import serve_directory
from site_helpers import DESKTOP, NO_MOTION_CSS, PAGE_TYPES, PALETTE_TOGGLE, SCHEMES, html_of, normalize, paragraph_href

REPO_ROOT = Path(__file__).resolve().parent.parent.parent


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    if "page_type" in metafunc.fixturenames:
        metafunc.parametrize("page_type", list(PAGE_TYPES))


@pytest.fixture(scope="session")
def resolve_page(built_site: Path) -> Callable[[str], str]:
    """`resolve_page(page_type)` -> the site-relative URL path ('essay/x/') standing for that type."""

    def resolve(page_type: str) -> str:
        pattern, required = PAGE_TYPES[page_type]
        matches = sorted(built_site.glob(pattern))
        if not matches:
            message = f"no {page_type!r} page in the built site yet (glob {pattern!r}, PAGE_TYPES in tests/site/site_helpers.py)"
            if required:
                pytest.fail(message, pytrace=False)
            pytest.skip(message)
        return matches[0].relative_to(built_site).as_posix().removesuffix("index.html")

    return resolve


@dataclass
class PageLog:
    console_errors: list[str] = field(default_factory=list)
    foreign_requests: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def _set_scheme(page, scheme: str) -> None:
    """Switch Material's palette to `scheme` ('light'/'dark') with its own toggle, as a reader would."""
    want = SCHEMES[scheme]
    toggles = page.locator(PALETTE_TOGGLE)
    for _ in range(4):
        if page.evaluate("document.body.getAttribute('data-md-color-scheme')") == want:
            return
        if toggles.count() == 0:
            break
        toggles.first.click()
    pytest.fail(f"could not switch Material's palette to {scheme!r} ({want}) on {page.url}", pytrace=False)


@pytest.fixture
def open_page(browser, served_site: str) -> Iterator[Callable[..., tuple[object, PageLog]]]:
    """`open_page(path, viewport=DESKTOP, scheme='light', base=served_site)` -> (Playwright page, PageLog),
    loaded and settled; `base` is the served site's URL (another served site, such as the two-essay one)."""
    contexts = []

    def open_(path: str = "", *, viewport: dict = DESKTOP, scheme: str = "light",
              base: str | None = None) -> tuple[object, PageLog]:
        context = browser.new_context(viewport=viewport, color_scheme="dark" if scheme == "dark" else "light")
        contexts.append(context)
        log = PageLog()

        def guard(route) -> None:
            url = route.request.url
            if urlsplit(url).hostname == "127.0.0.1":
                route.continue_()
            else:
                log.foreign_requests.append(url)
                route.abort()

        context.route("**/*", guard)
        context.on("request", lambda request: log.requests.append(request.url))
        page = context.new_page()
        page.on(
            "console", lambda msg: msg.type == "error" and log.console_errors.append(f"{msg.text} @ {msg.location}")
        )
        page.on("pageerror", lambda error: log.console_errors.append(f"uncaught: {error}"))
        page.goto((base or served_site) + path.lstrip("/"), wait_until="networkidle")
        page.add_style_tag(content=NO_MOTION_CSS)
        _set_scheme(page, scheme)
        return page, log

    yield open_
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def paragraphs(essay_data: dict) -> list[dict]:
    """Every paragraph of data/essay.json, each with its `id` and `url`."""
    found = [p for s in essay_data.get("sections", []) for p in s.get("paragraphs", [])]
    if not found:
        pytest.fail("data/essay.json has no sections[].paragraphs[]", pytrace=False)
    return found


@dataclass
class SearchTarget:
    phrase: str
    href: str


@pytest.fixture(scope="session")
def search_target(built_site: Path, paragraphs: list[dict]) -> SearchTarget:
    """Five consecutive words of an essay paragraph, the rarest such phrase across the site's pages."""
    docs = []
    for path in sorted(built_site.rglob("index.html")):
        article = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml").select_one("article")
        if article is not None:
            docs.append(normalize(article.get_text(" ")))
    for paragraph in paragraphs[len(paragraphs) // 3 :] + paragraphs:
        href = paragraph_href(paragraph)
        node = html_of(built_site, href).find(id=paragraph["id"])
        if node is None:
            continue
        words = normalize(node.get_text(" ")).split()
        windows = [words[i : i + 5] for i in range(len(words) - 4)]
        # Distinctive windows only: at least three words of five letters or more.
        phrases = [" ".join(w) for w in windows if sum(len(x) >= 5 for x in w) >= 3]
        scored = [(sum(f" {p} " in f" {d} " for d in docs), -len(p), p) for p in phrases]
        scored = [s for s in scored if s[0] >= 1]
        if scored:
            return SearchTarget(phrase=min(scored)[2], href=href)
    pytest.fail("no essay paragraph yields a phrase found in the site's pages", pytrace=False)


# --- a site of two essays, for search across essays ----------------------------------------------------


@dataclass
class EssaySite:
    root: Path  # the built site
    url: str  # where it is served, ending in '/'
    essays: list[dict]  # each essay's data/essay.json, with its "prefix" added


@pytest.fixture()
def project(tmp_path: Path) -> Path:
    """A copy of the build inputs (mkdocs.yml, docs/, overrides/, sources/, data/) in a temp folder."""
    for name in ("docs", "sources", "data", "overrides"):
        shutil.copytree(REPO_ROOT / name, tmp_path / name)
    shutil.copy(REPO_ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    for f in (tmp_path / "sources").iterdir():
        f.chmod(0o644)
    return tmp_path


@pytest.fixture(scope="session")
def two_essay_site(tmp_path_factory: pytest.TempPathFactory, checker_report) -> Iterator[EssaySite]:
    """Two synthetic essays (scripts/synthetic_corpus.py: retitled, sections shuffled, a few words changed)
    in one site under essays/e00/ and essays/e01/, built from a copy of the repo's inputs with
    `mkdocs build --strict`, and served."""
    sys.path.insert(0, str(REPO_ROOT / "scripts"))
    try:
        import synthetic_corpus
    finally:
        sys.path.remove(str(REPO_ROOT / "scripts"))
    project = tmp_path_factory.mktemp("two-essays")
    for name in ("docs", "overrides"):
        shutil.copytree(REPO_ROOT / name, project / name)
    corpus = synthetic_corpus.make_corpus(2, REPO_ROOT / "sources", REPO_ROOT / "data", project / "essays")
    listed = "".join(f"\n        - {{sources_dir: {e.sources_dir.relative_to(project)}, "
                     f"data_dir: {e.data_dir.relative_to(project)}, prefix: \"{e.prefix}\"}}" for e in corpus)
    config = (REPO_ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    assert "  - essay-edition:\n" in config
    config = config.replace("  - essay-edition:\n", f"  - essay-edition:\n      essays:{listed}\n", 1)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    start = time.monotonic()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(project / "site")],
                          cwd=project, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True)
    if proc.returncode != 0:
        pytest.fail(f"the two-essay site failed to build:\n{proc.stdout[-3000:]}{proc.stderr[-3000:]}", pytrace=False)
    site = project / "site"
    checker_report("mkdocs build (two essays)", len(list(site.rglob("*.html"))), time.monotonic() - start)
    essays = []
    for essay in corpus:
        data = json.loads((site / essay.prefix / "data" / "essay.json").read_text(encoding="utf-8"))
        essays.append({**data, "prefix": essay.prefix})
    with serve_directory(site) as url:
        yield EssaySite(site, url, essays)
