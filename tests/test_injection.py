"""Hostile source text is data: it renders as plain text on every page and in every export.

One hostile string (script and event-handler HTML, a ``javascript:`` link, Jinja braces, an
attribute-list id, Markdown heading/bold/table/code/comment syntax, an entity and a quote that
would end an attribute) is added to a copy of the project as *new* lines: an essay paragraph (the
first of a section, so it is also the page's description), a caption cue after the last one, a
podcast transcript line, a TL;DR key point and a knowledge-note key claim. New curated entries
(a claim verdict per summary, and a prediction quoting the new paragraph) carry it into the claims
pages and the ledger. Existing curated strings are left as they are, so the copy still verifies.

The copy is built twice: in memory with :func:`build_edition` (each generated Markdown page is
converted with the Markdown extensions of mkdocs.yml), and once with a real
``mkdocs build --strict`` (marker ``slow``). Every page must be inert (no script, event handler,
``javascript:`` URL or element made from the hostile Markdown) and show the hostile text as text
where its source is shown; the exports must hold it as data (JSON values, CSV cells, WebVTT cue
text that decodes back to it).
"""

from __future__ import annotations

import csv
import gzip
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import markdown
import pytest
import webvtt
import yaml
from bs4 import BeautifulSoup, Comment
from mkdocs.config import load_config
from mkdocs.utils.meta import get_data

from essay_edition.build import Edition, EssayInput, build_edition
from essay_edition.sources import write_manifest

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
HOSTILE = ('# h **b** | a | b | `c` "><svg onload=alert(4)> <script>alert(1)</script> '
           '<img src=x onerror=alert(2)> {{ config }} {#id} [link](javascript:alert(3)) <!-- x --> &amp; plain text')
SECTION = "Human labor is valuable precisely because it’s not shleppy to train"
PREDICTION_ID = "injected-hostile-text"

# Where each injected source is shown: page (docs-relative Markdown path) -> text the page must carry.
SHOWN_ON = {
    "essay": ["essay/human-labor-is-valuable-precisely-because.md", "predictions/index.md"],
    "captions": ["narration/youtube.md"],
    "podcast": ["narration/podcast.md"],
    "summary": ["summaries.md", "claims/*: of the TL;DR summary"],
    "note": ["summaries.md", "claims/*: of the knowledge note"],
}


# --- the hostile copy of the project ---------------------------------------------------------------

def _edit(path: Path, change) -> None:
    text = path.read_text(encoding="utf-8")
    new = change(text)
    assert new != text, f"the injection into {path.name} changed nothing"
    path.write_text(new, encoding="utf-8")


def _append_line(text: str, line: str) -> str:
    """Append ``line`` as the last line, keeping whether the file ends with a newline."""
    return text.rstrip("\n") + "\n" + line + ("\n" if text.endswith("\n") else "")


def make_hostile_project(dest: Path) -> Path:
    """Copy the project to ``dest`` and add the hostile text as new lines of every source."""
    for folder in ("sources", "data", "docs", "overrides"):
        shutil.copytree(ROOT / folder, dest / folder)
    shutil.copy(ROOT / "mkdocs.yml", dest / "mkdocs.yml")
    src, data, q = dest / "sources", dest / "data", json.dumps  # a JSON string is a YAML string
    _edit(src / "essay.txt", lambda t: t.replace(f"\n{SECTION}\n", f"\n{SECTION}\n{HOSTILE}\n", 1))
    _edit(src / "youtube-captions.txt", lambda t: _append_line(t, f"12:31\n{HOSTILE}"))
    _edit(src / "podcast-transcript.txt", lambda t: _append_line(t, HOSTILE))
    topics = "\n\n## Key Topics Discussed"
    _edit(src / "summary-tldr.txt", lambda t: t.replace(topics, f"\n{HOSTILE}{topics}", 1))
    _edit(src / "knowledge-note.txt", lambda t: t.replace("\n\nTags\n", f"\n  • {HOSTILE}\n\nTags\n", 1))
    manifest = json.loads((src / "manifest.json").read_text(encoding="utf-8"))
    write_manifest(src, {r: e["file"] for r, e in manifest.items()}, {r: e.get("origin") for r, e in manifest.items()})
    _edit(data / "claim_links.yaml", lambda t: t.rstrip("\n") + "\n" + "".join(
        f"  - claim: {q(HOSTILE)}\n    source: {source}\n    verdict: not-in-essay\n    paragraphs: []\n"
        f"    note: {q(HOSTILE)}\n" for source in ("summary", "note")))
    _edit(data / "predictions.yaml", lambda t: t.rstrip("\n") + f"""

  - id: {PREDICTION_ID}
    title: {q(HOSTILE)}
    quote: {q(HOSTILE)}
    made: 2025-12-23
    horizon: null
    horizon_note: {q(HOSTILE)}
    review_by: 2026-12-23
    stance: own
    operationalization:
      true: {q(HOSTILE)}
      false: {q(HOSTILE)}
      source: {q(HOSTILE)}
      between: {q(HOSTILE)}
      note: {q(HOSTILE)}
    confidence: {q(HOSTILE)}
    hedge: probably
    status: open
    as_of: 2026-11-23
    evidence: []
""")
    return dest


@pytest.fixture(scope="module")
def hostile_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_hostile_project(tmp_path_factory.mktemp("hostile") / "project")


@pytest.fixture(scope="module")
def edition(hostile_project: Path) -> Edition:
    built = build_edition(EssayInput(hostile_project / "sources", hostile_project / "data",
                                     display_root=hostile_project))
    assert [w.one_line() for w in built.warnings] == []  # so `mkdocs build --strict` passes as well
    return built


def _markdown_converter() -> markdown.Markdown:
    """Python-Markdown with the extensions and settings of mkdocs.yml, as MkDocs runs it."""
    # MkDocs' own loader: it resolves the config's tags (`!relative` for the snippets' base path).
    config = load_config(str(ROOT / "mkdocs.yml"))
    return markdown.Markdown(extensions=config.markdown_extensions,
                             extension_configs=config.mdx_configs)


@pytest.fixture(scope="module")
def html_pages(edition: Edition) -> dict[str, tuple[str, dict]]:
    """Each generated page as (HTML body, front matter), converted as MkDocs converts it."""
    converter = _markdown_converter()
    pages = {}
    for path, page in edition.pages.items():
        text = page.markdown
        body, meta = get_data(text)
        pages[path] = (converter.reset().convert(body), meta)
    return pages


# --- what "inert" means ---------------------------------------------------------------------------

def flat(text: str) -> str:
    return " ".join(text.split())


def injected_markup(soup: BeautifulSoup) -> list[str]:
    """Return every trace of the hostile string having been read as HTML or Markdown."""
    found = []
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            json.loads(script.get_text())  # still valid JSON: the data did not end the element
        elif "alert(" in script.get_text():
            found.append(f"<script> running {flat(script.get_text())[:80]!r}")
    for element in soup.find_all(True):
        for name, value in element.attrs.items():
            value = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{element.name} {name}={value[:60]!r}>")
            if name in ("href", "src", "action", "formaction") and value.strip().lower().startswith("javascript:"):
                found.append(f"<{element.name} {name}={value[:60]!r}>")
        text = element.get_text().strip()
        if element.name == "img" and element.get("src") == "x":
            found.append("an injected <img src=x>")
        if (element.name in ("strong", "b") and text == "b") or (element.name == "code" and text == "c"):
            found.append(f"Markdown made <{element.name}>{text}</{element.name}>")
        if re.fullmatch(r"h[1-6]", element.name) and re.match(r"h(\s|#|$)", text):  # "# h …" read as a heading
            found.append(f"Markdown made a heading <{element.name}>{text[:20]}")
        if element.name in ("td", "th") and text in ("a", "b"):
            found.append(f"Markdown made a table cell <{element.name}>{text}")
        if element.get("id") == "id":
            found.append(f"attr_list set id='id' on <{element.name}>")
    comments = soup.find_all(string=lambda s: isinstance(s, Comment))
    found += [f"an HTML comment {c!r}" for c in comments if c.strip() == "x"]
    return found


def assert_inert(pages: Iterable[tuple[str, str]]) -> None:
    problems = [f"{where}: {p}" for where, page in pages for p in injected_markup(BeautifulSoup(page, "lxml"))]
    assert problems == []


def shows_hostile_text(page_html: str) -> bool:
    return HOSTILE in flat(BeautifulSoup(page_html, "lxml").get_text())


def _pages_showing(pages: dict[str, str], spec: str) -> list[str]:
    """Return the pages a SHOWN_ON entry names: a path, or ``claims/*: words`` for the claim pages whose
    text has those words and the hostile text (the claim page of the injected key point or key claim)."""
    if not spec.startswith("claims/*: "):
        return [spec] if spec in pages else []
    words = spec.split(": ", 1)[1]
    return [path for path, page in pages.items() if path.startswith("claims/claim-")
            and words in (text := flat(BeautifulSoup(page, "lxml").get_text())) and HOSTILE in text]


def test_the_checks_catch_the_hostile_text_read_as_markup() -> None:
    """The detectors work: the hostile text converted as Markdown (inline, and spread over lines) trips them."""
    converter = _markdown_converter()
    spread = HOSTILE.replace("# h ", "# h {#id}\n\n", 1).replace("| a | b |", "\n\n| a | b |\n|---|---|\n| a | b |\n\n")
    found = " ".join(trace for text in (HOSTILE, spread)
                     for trace in injected_markup(BeautifulSoup(converter.reset().convert(text), "lxml")))
    for trace in ("<script> running", "onload=", "onerror=", "href='javascript:", "<img src=x>", "<strong>b",
                  "<code>c", "a heading <h1>", "table cell", "id='id'", "HTML comment"):
        assert trace in found
    assert not shows_hostile_text(converter.reset().convert(HOSTILE))


# --- the in-memory build ----------------------------------------------------------------------------

def test_every_generated_page_is_inert(html_pages: dict[str, tuple[str, dict]]) -> None:
    assert_inert((path, body) for path, (body, _) in html_pages.items())


def test_front_matter_values_are_escaped_text(html_pages: dict[str, tuple[str, dict]]) -> None:
    """Titles and descriptions go into <title> and <meta content="…"> unescaped by the theme."""
    problems = []
    for path, (_, meta) in html_pages.items():
        for key in ("title", "description"):
            value = meta.get(key)
            if isinstance(value, str) and re.search(r'[<>"]', value):
                problems.append(f"{path}: {key} holds a raw <, > or \": {value[:80]!r}")
    assert problems == []
    claim_page = _pages_showing({p: b for p, (b, _) in html_pages.items()}, SHOWN_ON["summary"][1])[0]
    # A claim's description is its verdict, then its note (here the hostile text).
    assert html.unescape(html_pages[claim_page][1]["description"]) == f"Not in the essay: {HOSTILE}"


@pytest.mark.parametrize("source", list(SHOWN_ON))
def test_hostile_text_is_visible_as_text(source: str, html_pages: dict[str, tuple[str, dict]]) -> None:
    bodies = {path: body for path, (body, _) in html_pages.items()}
    for spec in SHOWN_ON[source]:
        shown = _pages_showing(bodies, spec)
        assert len(shown) == 1, f"{spec}: {shown}"
        assert shows_hostile_text(bodies[shown[0]]), f"{shown[0]} does not show the {source} text as text"


def check_exports(assets: dict[str, bytes]) -> None:
    """The hostile text is data in every export: equal JSON values, CSV cells and decoded WebVTT cues."""
    essay = json.loads(assets["data/essay.json"])
    paragraphs = [p for s in essay["sections"] for p in s["paragraphs"]]
    hostile = [p for p in paragraphs if p["text"] == HOSTILE]
    assert len(hostile) == 1
    assert "".join(s["text"] for s in hostile[0]["sentences"]).replace(" ", "") == HOSTILE.replace(" ", "")

    # Narration sentences are pysbd's: the hostile cue is split at "<!" and rejoined with a space.
    sentences = json.loads(assets["data/transcript.json"])["sentences"]
    start = next(i for i, s in enumerate(sentences) if s["text"].startswith("# h **b**"))
    assert " ".join(s["text"] for s in sentences[start:]) == HOSTILE
    assert " ".join(s["raw"] for s in sentences[start:]) == HOSTILE

    lines = json.loads(assets["data/podcast.json"])["lines"]
    assert [(x["text"], x["raw"]) for x in lines if HOSTILE in x["text"]] == [(HOSTILE, HOSTILE)]

    predictions = {p["id"]: p for p in json.loads(assets["data/predictions.json"])}
    entry = predictions[PREDICTION_ID]
    assert [entry["quote"], entry["confidence"], *entry["operationalization"].values()] == [HOSTILE] * 7

    rows = list(csv.DictReader(io.StringIO(assets["data/predictions.csv"].decode("utf-8"), newline="")))
    assert [r["id"] for r in rows] == list(predictions)
    row = next(r for r in rows if r["id"] == PREDICTION_ID)
    assert (row["quote"], row["confidence"]) == (HOSTILE, HOSTILE)
    assert json.loads(row["operationalization"]) == entry["operationalization"]

    vtt = assets["data/captions.vtt"].decode("utf-8")
    cues = webvtt.from_string(vtt).captions
    ids = [c.identifier for c in cues]
    first = ids.index(sentences[start]["id"])
    hostile_cues = cues[first:]
    assert [c.identifier for c in hostile_cues] == [s["id"] for s in sentences[start:]]
    for cue in hostile_cues:
        assert "<" not in cue.raw_text and "-->" not in cue.raw_text, cue.raw_text  # nothing for a player to parse
        assert cue.text == cue.raw_text  # webvtt-py stripped no tag: none was read as markup
    assert " ".join(html.unescape(c.text) for c in hostile_cues) == HOSTILE  # WebVTT escapes decode back


def test_exports_hold_the_hostile_text_as_data(edition: Edition) -> None:
    check_exports(edition.assets)


# --- a real `mkdocs build --strict` ---------------------------------------------------------------

def meta_description(soup: BeautifulSoup) -> str:
    meta = soup.find("meta", attrs={"name": "description"})
    assert meta is not None
    return str(meta["content"])


SITE_PAGES = {  # generated page -> its URL in the built site
    "essay/human-labor-is-valuable-precisely-because.md": "essay/human-labor-is-valuable-precisely-because/index.html",
    "predictions/index.md": "predictions/index.html",
    "narration/youtube.md": "narration/youtube/index.html",
    "narration/podcast.md": "narration/podcast/index.html",
    "summaries.md": "summaries/index.html",
}


@pytest.fixture(scope="module")
def built_hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    project = make_hostile_project(tmp_path_factory.mktemp("hostile-site") / "project")
    proc = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=ENV,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=600)
    if proc.returncode != 0:
        pytest.fail(f"mkdocs build --strict failed on the hostile copy:\n{proc.stdout}{proc.stderr}", pytrace=False)
    return project / "site"


@pytest.mark.slow
def test_mkdocs_site_renders_hostile_sources_as_text(built_hostile_site: Path) -> None:
    site = built_hostile_site
    pages = {p.relative_to(site).as_posix(): p.read_text(encoding="utf-8") for p in site.rglob("*.html")}
    assert_inert(pages.items())

    for source, specs in SHOWN_ON.items():
        for spec in specs:
            if spec.startswith("claims/*: "):
                shown = _pages_showing({p: page for p, page in pages.items() if p.endswith("/index.html")}, spec)
                assert len(shown) == 1, f"{spec}: {shown}"
            else:
                shown = [SITE_PAGES[spec]]
            assert shows_hostile_text(pages[shown[0]]), f"{shown[0]} does not show the {source} text as text"

    # The theme puts titles and descriptions in <head> as they are: they must read back as the text.
    claim = next(p for p, page in pages.items() if p.startswith("claims/claim-") and shows_hostile_text(page))
    head = BeautifulSoup(pages[claim], "lxml")
    assert head.title is not None and head.title.get_text().startswith(HOSTILE[:60])
    assert meta_description(head) == f"Not in the essay: {HOSTILE}"
    description = meta_description(BeautifulSoup(pages[SITE_PAGES[SHOWN_ON["essay"][0]]], "lxml"))
    assert len(description) > 20 and HOSTILE.startswith(description)  # the paragraph's first sentence

    # The search index (Pagefind's fragments) holds the hostile text as text; search.js escapes it when
    # it draws results (test_search_results_draw_hostile_text_as_text).
    fragments = [json.loads(gzip.decompress(p.read_bytes()).removeprefix(b"pagefind_dcd"))
                 for p in (site / "pagefind" / "fragment").glob("*.pf_fragment")]
    assert any(HOSTILE in flat(d["content"]) for d in fragments)

    check_exports({p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "data").iterdir()})


@pytest.mark.parametrize("value", [
    "", "plain", "a: b # c", "- [x] {y}", "'\"quoted\"'", "line\nbreak\ttab", "\u2028\u0085 separators",
    "emoji 😀 and “curly” — dashes", "\\backslash\\", "%YAML 1.1", "*alias &anchor !tag |>", " leading space ",
])
def test_front_matter_loads_back_to_the_escaped_value(value: str) -> None:
    """Whichever YAML emitter writes it (libyaml's when present), the front matter reads back exactly."""

    from essay_edition.render.front_matter import front_matter
    from essay_edition.render.text import html_text

    text = front_matter({"title": value, "description": value, "jsonld": {"name": value}})
    assert text.startswith("---\n") and text.endswith("---\n\n")
    loaded = yaml.safe_load(text.split("---\n")[1])
    assert loaded == {"title": html_text(value), "description": html_text(value), "jsonld": {"name": value}}


@pytest.mark.slow
def test_search_results_draw_hostile_text_as_text(built_hostile_site: Path, browser) -> None:
    """Search results show the hostile text literally: nothing in it runs or becomes markup."""
    server = subprocess.Popen([sys.executable, "-u", "-m", "http.server", "0", "--bind", "127.0.0.1", "--directory",
                               str(built_hostile_site)], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    try:
        port = re.search(r"port (\d+)", server.stdout.readline()).group(1)
        page = browser.new_page()
        dialogs: list[str] = []
        page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
        page.goto(f"http://127.0.0.1:{port}/", wait_until="networkidle")
        page.locator("form[name=edition-search] input[name=query]").press_sequentially("onerror config")
        results = page.locator(".md-search-result__list")
        results.locator(".md-search-result__item").first.wait_for(state="visible", timeout=60000)
        assert "<script>alert(1)</script>" in results.inner_text()
        markup = "script, img, svg, iframe, [onload], [onerror]"
        assert results.evaluate("(el, markup) => el.querySelectorAll(markup).length", markup) == 0
        assert dialogs == []
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
        server.stdout.close()
