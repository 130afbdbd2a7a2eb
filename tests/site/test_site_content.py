"""The built pages hold the essay exactly: every paragraph once and in order, comments kept apart,
every id in essay.json on the page its url names, and the exports consistent with the pages."""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_helpers import search_documents, search_href

pytestmark = [pytest.mark.site]


def article_text(built_site: Path, url: str) -> str:
    soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
    return " ".join(soup.select_one("article").get_text().split())


def words(text: str) -> list[str]:
    return text.split()


def test_every_essay_word_once_in_order_and_no_comment_text(built_site: Path, essay_data) -> None:
    for section in essay_data["sections"]:
        text = article_text(built_site, section["url"])
        cursor = 0
        for paragraph in section["paragraphs"]:
            body = " ".join(paragraph["text"].split())
            assert text.count(body) == 1, f"{section['url']}#{paragraph['id']} appears {text.count(body)} times"
            found = text.index(body, cursor)
            cursor = found + len(body)
        for comment in essay_data["comments"]:
            for line in comment["paragraphs"]:
                assert " ".join(line.split())[:80] not in text
    home_and_sections = sum(len(words(p["text"])) for s in essay_data["sections"] for p in s["paragraphs"])
    assert home_and_sections > 2000


def test_every_paragraph_and_sentence_id_resolves_on_its_page(built_site: Path, essay_data) -> None:
    missing = []
    for section in essay_data["sections"]:
        soup = BeautifulSoup((built_site / section["url"] / "index.html").read_text(encoding="utf-8"), "lxml")
        ids = {el["id"] for el in soup.select("[id]")}
        for paragraph in section["paragraphs"]:
            items = [paragraph, *paragraph["sentences"]]
            missing += [item["url"] for item in items if item["url"].split("#")[1] not in ids]
            assert all(item["url"].startswith(section["url"] + "#") for item in items)
    assert not missing, missing


def test_section_headers_show_the_narration_span(built_site: Path, essay_data) -> None:
    for section in essay_data["sections"]:
        soup = BeautifulSoup((built_site / section["url"] / "index.html").read_text(encoding="utf-8"), "lxml")
        meta = soup.select_one(".section-meta").get_text(" ")
        start = section["narration"]["start"]
        if start is None:
            assert "not in the narration" in meta
        else:
            assert f"{math.floor(start) // 60}:{math.floor(start) % 60:02d}" in meta


def test_claim_pages_have_their_own_cards(built_site: Path) -> None:
    pages = sorted((built_site / "claims").glob("claim-*/index.html"))
    assert len(pages) >= 18
    titles = set()
    for page in pages:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        title = soup.select_one('meta[property="og:title"]')["content"]
        description = soup.select_one('meta[property="og:description"]')["content"]
        assert title and description and soup.select_one('meta[name="twitter:card"]')
        titles.add(title)
        assert soup.select('a[href*="essay/"]') or "not" in soup.get_text().lower()
    assert len(titles) == len(pages)


def test_home_page_structured_data_and_picture(built_site: Path, essay_data) -> None:
    soup = BeautifulSoup((built_site / "index.html").read_text(encoding="utf-8"), "lxml")
    data = json.loads(soup.select_one('script[type="application/ld+json"]').string)
    assert data["@type"] == "Article" and data["headline"] == essay_data["title"]
    clips = data["video"]["hasPart"]
    assert len(clips) == sum(1 for s in essay_data["sections"] if s["narration"]["start"] is not None)
    chart = soup.select_one("figure.structure .structure-chart")
    assert len(chart.select(".section-bar")) == len(essay_data["sections"])
    rows = chart.select("li.section-row")
    for row, section in zip(rows, essay_data["sections"], strict=True):  # each row says in words what it draws
        words = " ".join(row.get_text(" ").split())
        assert section["title"] in words and len(row.select(".para-dot")) == len(section["paragraphs"])
        assert ("not narrated" in words) == (section["narration"]["start"] is None)
    assert soup.select_one("figure.structure figcaption").get_text().strip()


@pytest.mark.parametrize("url", ["", "essay/what-are-we-scaling/", "narration/youtube/"])
def test_no_script_blocks_rendering_and_the_search_dialog_is_named(built_site: Path, url: str) -> None:
    soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
    scripts = soup.select("script[src]")
    assert any("bundle" in s["src"] for s in scripts)
    assert all(s.has_attr("defer") or s.has_attr("async") for s in scripts), [s["src"] for s in scripts]
    dialog = soup.select_one('.md-search[role="dialog"]')
    assert dialog is not None and dialog.get("aria-label", "").strip()


def test_listen_along_bar_is_in_the_page_before_any_script(built_site: Path) -> None:
    """The bar is part of the HTML (nothing moves when player.js runs) and, without JavaScript, links to YouTube."""
    for url in ("essay/what-are-we-scaling/", "narration/youtube/", "narration/podcast/"):
        soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        bar = soup.select_one(".player-bar[data-video-id]")
        assert bar is not None and not bar.has_attr("hidden"), url
        link = bar.select_one("a.player-load")
        assert link["href"].startswith("https://www.youtube.com/watch?v=_zgnSbu5GqE"), url
        assert bar.select_one(".player-status").get_text(strip=True)


def test_search_index_holds_the_reading_pages_not_the_api_reference(built_site: Path, essay_data) -> None:
    """Pages marked `search: exclude` (developer pages, tag listings, a claim's and a forecast's own page,
    whose words are on the summaries page and the ledger) stay out; every passage is in; the listen-along
    bar's controls, the ledger's timeline and table (its entries' titles again) and the passages' quotes on
    other pages are not indexed as page text."""
    docs = search_documents(built_site)
    hrefs = [search_href(doc) for doc in docs]
    assert not [href for href in hrefs if href.startswith(("reference/", "tags/essay", "claims/"))]
    assert not [href for href in hrefs if href.startswith("predictions/") and href != "predictions/"]
    assert "summaries/" in hrefs and "predictions/" in hrefs
    first = essay_data["sections"][0]["paragraphs"][0]
    assert first["url"] in hrefs
    assert not [search_href(d) for d in docs if "The narration loads from YouTube" in d["content"]]
    by_href = {search_href(d): " ".join(d["content"].split()) for d in docs}
    ledger = BeautifulSoup((built_site / "predictions" / "index.html").read_text(encoding="utf-8"), "lxml")
    timeline_title = ledger.select_one(".ledger-tl-title").get_text()
    assert by_href["predictions/"].count(timeline_title) == 1, "a forecast's title is indexed more than once"
    texts = {" ".join(p["text"].split()) for s in essay_data["sections"] for p in s["paragraphs"]}
    quoting = {}  # indexed page -> the paragraphs it quotes whole
    for url in by_href:
        if "#" in url:
            continue
        soup = BeautifulSoup((built_site / url / "index.html").read_text(encoding="utf-8"), "lxml")
        quotes = [" ".join(q.get_text(" ").split()) for q in soup.select("article :is(p, li, blockquote):not([id])")]
        quoting[url] = [q for q in quotes if q in texts]
    assert any(quoting.values()), "no indexed page quotes a whole paragraph: nothing to check"
    for page, quotes in quoting.items():
        assert not [q[:60] for q in quotes if q in by_href[page]], f"{page} is indexed with its quotes of the essay"


def test_search_index_keeps_apart_the_words_of_adjacent_elements(built_site: Path, essay_data) -> None:
    """Pagefind joins the text of adjacent elements with nothing between them; the documents it indexes
    set them apart, so a ledger entry's first word after its label ("True if") and a section's title on
    the essay's contents page (before its reading time) are words of their own, which a query finds."""
    by_href = {search_href(d): d["content"] for d in search_documents(built_site)}
    forecasts = json.loads((built_site / "data" / "predictions.json").read_text(encoding="utf-8"))
    glued = [f["id"] for f in forecasts
             if f"True if {f['operationalization']['true'].split()[0]}" not in by_href["predictions/"]]
    assert not glued, f"forecasts whose 'True if' text is joined to its label in the index: {glued}"
    titles = [s["title"] for s in essay_data["sections"]]
    glued = [t for t in titles if not re.search(re.escape(t) + r"[\s.]", by_href["essay/"])]
    assert not glued, f"section titles joined to the next words in the index of the essay's contents: {glued}"


def test_the_sites_own_scripts_and_style_sheets_are_written_minified(built_site: Path) -> None:
    """Every page loads them, so a build writes them without the comments and indentation that explain
    them in docs/ (what rJSmin and rCSSmin make of the source, smaller than it)."""
    import rcssmin
    import rjsmin

    soup = BeautifulSoup((built_site / "essay" / "index.html").read_text(encoding="utf-8"), "lxml")
    loaded = [tag.get("src") or tag.get("href") for tag in soup.select("script[src], link[rel=stylesheet]")]
    own = [ref.removeprefix("../") for ref in loaded if ref.removeprefix("../").startswith(("javascripts/", "stylesheets/"))]
    assert any(ref.endswith(".js") for ref in own) and any(ref.endswith(".css") for ref in own), loaded
    docs = Path(__file__).parents[2] / "docs"
    for ref in own:
        source = (docs / ref).read_text(encoding="utf-8")
        built = (built_site / ref).read_text(encoding="utf-8")
        minify = rjsmin.jsmin if ref.endswith(".js") else rcssmin.cssmin
        assert built == minify(source, keep_bang_comments=True) and len(built) < len(source), ref


def test_every_page_and_every_link_to_it_has_its_title(built_site: Path) -> None:
    """Titles survive the build letting go of each page's Markdown and HTML once they are used: the tags
    index (drawn after the pages it lists), the nav and every <title> name pages, never 'None'."""
    bad = []
    for path in sorted(built_site.rglob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        title = soup.title.get_text(strip=True) if soup.title else ""
        if not title or title.startswith("None"):
            bad.append(f"{path.relative_to(built_site)}: <title> {title!r}")
        for a in soup.select("nav a, article a"):
            if a.get_text(strip=True) == "None":
                bad.append(f"{path.relative_to(built_site)}: a link reads 'None' ({a.get('href')})")
    assert not bad, "\n".join(bad[:20])
    tags = BeautifulSoup((built_site / "tags/index.html").read_text(encoding="utf-8"), "lxml")
    listed = [a.get_text(strip=True) for a in tags.select("article li a")]
    assert listed and all(text.startswith("#") for text in listed), listed
