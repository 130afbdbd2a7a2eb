"""Every page kind, rendered from this essay's model and read back as HTML elements.

Pages hold the essay's exact words, escape every source character, and link with relative hrefs
that resolve to the page they name. Assertions are on parsed elements, not on markup substrings.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace

import pytest
from bs4 import BeautifulSoup
from edition_data import HOSTILE, assert_inert, edition_model, page_soup, visible

from essay_edition.model import EditionModel, LinkedClaim, Page, QuoteCheck, Support
from essay_edition.render import claims_pages, comments, essay_pages, home, ledger, tag_pages, transcript_pages
from essay_edition.render.differences import differences_page
from essay_edition.render.entity_pages import people_pages
from essay_edition.render.library import EXPORT_DESCRIPTIONS, exports_table, library_page
from essay_edition.render.links import link, page_url
from essay_edition.render.pages import PageRegistry, default_kinds
from essay_edition.render.site import render_edition


@pytest.fixture(scope="module")
def model() -> EditionModel:
    return edition_model()


def resolve(from_url: str, href: str) -> str:
    """Return the site URL an href on the page at ``from_url`` leads to (fragment kept)."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join("/" + from_url, path)) if path else "/" + from_url.rstrip("/")
    target = target.lstrip("/")
    if path.endswith("/") or not path:
        target = (target + "/") if target and not target.endswith("/") else target
    return target + ("#" + fragment if fragment else "")


def page_of(pages: list[Page], path: str) -> Page:
    return next(p for p in pages if p.path == path)


# --- links -------------------------------------------------------------------------------------


@pytest.mark.parametrize(("path", "url"), [("index.md", ""), ("a/index.md", "a/"), ("a/b.md", "a/b/"),
                                           ("one/essay/x.md", "one/essay/x/")])
def test_page_url(path: str, url: str) -> None:
    assert page_url(path) == url


@pytest.mark.parametrize(("source", "target"), [
    ("", "essay/x/#p-1"), ("predictions/", "essay/x/#p-1"), ("one/claims/c/", "one/essay/x/"),
    ("essay/x/", ""), ("one/", "one/predictions/#id"), ("a/b/c/", "a/"),
])
def test_link_resolves_to_its_target_from_any_page(source: str, target: str) -> None:
    href = link(source, target)
    assert not href.startswith("/")
    assert resolve(source, href) == target


def test_link_within_a_page_is_a_fragment_and_absolute_addresses_pass() -> None:
    assert link("essay/x/", "essay/x/#p-1") == "#p-1"
    assert link("essay/x/", "https://example.org/a?b=1") == "https://example.org/a?b=1"


# --- the registry ---------------------------------------------------------------------------------


def test_registry_orders_kinds_and_skips_those_whose_sources_are_missing(model: EditionModel) -> None:
    kinds = default_kinds()
    names = [k.name for k in kinds]
    assert names[:3] == ["home", "essay-index", "essay"] and names.index("ledger") < names.index("claims")
    no_captions = replace(model, captions=None, transcript=None, alignment=None, podcast=None)
    paths = [p.path for p in kinds.render(no_captions)]
    assert not any(p.startswith("narration/") for p in paths) and "essay/what-are-we-scaling.md" in paths
    assert "narration/index.md" in [p.path for p in kinds.render(model)]


def test_a_new_page_kind_is_one_registration(model: EditionModel) -> None:
    kinds = PageRegistry()
    kinds.register("about-this-essay", lambda m: [Page(f"{m.prefix}about-essay.md", "# About\n", ("About it",))], 5)
    edition = render_edition(model, kinds)
    assert list(edition.pages) == ["about-essay.md"] and edition.nav() == [{"About it": "about-essay.md"}]


def test_nav_groups_pages_in_registry_order(model: EditionModel) -> None:
    nav = render_edition(model).nav()
    assert [next(iter(item)) for item in nav] == [
        "Home", "The essay", "The narration", "Predictions ledger", "Claims and summaries", "People and works",
        "Glossary", "Tags", "Reader comments"]
    essay = nav[1]["The essay"]
    assert [next(iter(e.values())) for e in essay] == ["essay/index.md", *(s.page_path for s in model.sections)]


# --- essay pages ----------------------------------------------------------------------------------


def test_every_paragraph_appears_once_in_order_on_its_page(model: EditionModel) -> None:
    pages = list(essay_pages.pages(model))
    for section, page in zip(model.sections, pages):
        _, soup = page_soup(page.markdown)
        blocks = soup.select("p.para, blockquote.essay-quote")
        assert [b["id"] for b in blocks] == [p.id for p in section.paragraphs]
        for block, record in zip(blocks, section.paragraphs):
            sentences = block.select("span.s")
            assert [s["id"] for s in sentences] == [x.id for x in record.sentences]
            assert "".join(s.get_text() for s in sentences) .replace(" ", "") == \
                "".join(x.text for x in record.sentences).replace(" ", "")


def test_narrated_paragraphs_carry_their_times_and_skipped_ones_say_so(model: EditionModel) -> None:
    page = next(iter(essay_pages.pages(model)))
    _, soup = page_soup(page.markdown)
    section = model.sections[0]
    for record in section.paragraphs:
        block = soup.find(id=record.id)
        if record.narration:
            assert float(block["data-start"]) == pytest.approx(record.narration.start, abs=0.01)
            play = block.select_one("a.play")
            assert play["href"].endswith(f"&t={int(record.narration.start)}s")
        else:
            assert block.select_one(".narr-none") is not None and not block.has_attr("data-start")


def test_quotes_and_footnotes(model: EditionModel) -> None:
    soups = [page_soup(p.markdown)[1] for p in essay_pages.pages(model)]
    quotes = [q for soup in soups for q in soup.select("blockquote.essay-quote")]
    assert len(quotes) == 2 and quotes[0].find("cite").get_text().startswith("Beren Millidge")
    refs = [r for soup in soups for r in soup.select("sup.fnref a")]
    assert [r["href"] for r in refs] == ["#fn-1"]
    assert any(soup.find(id="fn-1") for soup in soups)


def test_a_quote_without_attribution_has_no_dangling_dash(model: EditionModel) -> None:
    section = next(s for s in model.sections if any(r.paragraph.kind == "quote" for r in s.paragraphs))
    paragraphs = tuple(replace(r, paragraph=replace(r.paragraph, attribution=None)) if r.paragraph.kind == "quote" else r
                       for r in section.paragraphs)
    unattributed = replace(model, sections=tuple(replace(s, paragraphs=paragraphs) if s is section else s
                                                 for s in model.sections))
    quotes = [q for p in essay_pages.pages(unattributed) for q in page_soup(p.markdown)[1].select("blockquote.essay-quote")]
    footers = [q.find("footer") for q in quotes if q.find("cite") is None]
    assert footers, "no quote lost its attribution"
    assert all("—" not in f.get_text() and f.select_one("a.permalink") for f in footers)


@pytest.mark.parametrize("where", ["paragraph", "title", "attribution"])
def test_hostile_essay_text_renders_as_text(model: EditionModel, where: str) -> None:
    section = model.sections[0]
    record = section.paragraphs[0]
    if where == "paragraph":
        record = replace(record, paragraph=replace(record.paragraph, text=HOSTILE), sentences=())
    elif where == "title":
        section = replace(section, title=HOSTILE)
    else:
        record = replace(record, paragraph=replace(record.paragraph, kind="quote", attribution=HOSTILE))
    section = replace(section, paragraphs=(record, *section.paragraphs[1:]))
    front, soup = page_soup(essay_pages.section_page(model, section, {}))
    assert_inert(soup)
    assert " ".join(HOSTILE.split()) in visible(soup) or where == "title"
    if where == "title":
        assert front["title"] == HOSTILE.replace("<", "&lt;").replace(">", "&gt;")


def test_comments_page_marks_not_essay_and_names_the_essays_author(model: EditionModel) -> None:
    _, soup = page_soup(comments.comments_page(model))
    warning = soup.select_one(".not-essay")
    assert f"{model.layout.author} did not write them" in visible(warning)
    assert len(soup.select(".reader-comment")) == len(model.essay.comments)


# --- home, ledger, tags ---------------------------------------------------------------------------


def test_home_links_resolve_and_the_thesis_is_a_sentence(model: EditionModel) -> None:
    front, soup = page_soup(home.home_page(model))
    assert front["jsonld"]["@type"] == "Article" and front["jsonld"]["author"]["name"] == model.layout.author
    thesis = soup.select_one("blockquote.thesis a")["href"]
    page, _, sentence = resolve("", thesis).partition("#")
    assert any(s.page_url == page and any(x.id == sentence for p in s.paragraphs for x in p.sentences)
               for s in model.sections)
    cards = soup.select("li.section-card a.section-title")
    assert [resolve("", a["href"]) for a in cards] == [s.page_url for s in model.sections]


def test_ledger_links_land_on_their_paragraphs_from_the_ledger_page(model: EditionModel) -> None:
    page = next(iter(ledger.pages(model)))
    _, soup = page_soup(page.markdown)
    urls = {x.url for s in model.sections for x in s.paragraphs}
    reads = [a for a in soup.select(".ledger-links a") if a.get_text() == "Read it in the essay"]
    assert len(reads) == len(model.ledger.predictions)
    assert all(resolve(page.url, a["href"]) in urls for a in reads)
    assert f"{model.layout.author}’s essay" in visible(soup)


def test_tag_pages_list_their_passages(model: EditionModel) -> None:
    pages = list(tag_pages.pages(model))
    tag = next(iter(model.paragraph_tags))
    _, soup = page_soup(page_of(pages, f"tags/{tag}.md").markdown)
    hrefs = [resolve(f"tags/{tag}/", a["href"]) for a in soup.select("#passages ~ ul a")[:len(model.paragraph_tags[tag])]]
    urls = {x.id: x.url for s in model.sections for x in s.paragraphs}
    assert hrefs == [urls[pid] for pid in sorted(model.paragraph_tags[tag], key=list(urls).index)]
    assert page_of(pages, "tags/index.md").nav == ("Tags",)


# --- claims, people ---------------------------------------------------------------------------


def test_claim_page_on_a_real_claim(model: EditionModel) -> None:
    claim = next(c for c in model.claims.claims if c.text.startswith("Robotics is"))
    front, soup = page_soup(claims_pages.claim_page(model, claim))
    assert front["og_type"] == "article" and front["title"].endswith("…")
    text = visible(soup)
    assert " ".join(claim.text.split()) in text and claim.note[:40] in text
    pid = claim.support[0].paragraph_id
    record = next(x for s in model.sections for x in s.paragraphs if x.id == pid)
    read = soup.find("a", string=lambda s: s and s.startswith("Read it in the essay"))
    assert resolve(f"claims/{claim.id}/", read["href"]) == record.url
    assert soup.select_one("span.verdict")["class"] == ["verdict", f"verdict-{claim.verdict}"]


@pytest.mark.parametrize("where", ["claim", "note", "quote"])
def test_hostile_text_in_a_claim_page_renders_as_text(model: EditionModel, where: str) -> None:
    pid = model.sections[0].paragraphs[0].id
    claim = LinkedClaim("claim-x", "summary", "key-point", "A claim.", "partly", (Support(pid, 50.0),), "A note.")
    claim = {"claim": replace(claim, text=HOSTILE), "note": replace(claim, note=HOSTILE),
             "quote": replace(claim, quotes=(QuoteCheck(HOSTILE, False, 40.0),))}[where]
    front, soup = page_soup(claims_pages.claim_page(model, claim))
    assert_inert(soup)
    assert " ".join(HOSTILE.split()) in visible(soup)
    assert all("<" not in str(v) for v in front.values())  # Material prints these unescaped


def test_claims_index_and_comparison_link_every_claim(model: EditionModel) -> None:
    pages = list(claims_pages.pages(model))
    _, index = page_soup(page_of(pages, "claims/index.md").markdown)
    rows = index.select("tbody tr")
    assert len(rows) == len(model.claims.claims)
    assert {resolve("claims/", r.find("a")["href"]) for r in rows} == {f"claims/{c.id}/" for c in model.claims.claims}
    _, summaries = page_soup(page_of(pages, "summaries.md").markdown)
    assert len(summaries.select("blockquote.claim-text")) == len(model.claims.claims)
    claim_links = {resolve("summaries/", a["href"]) for a in summaries.find_all("a", string="claim page")}
    assert claim_links == {f"claims/{c.id}/" for c in model.claims.claims}


def test_people_page_links_each_mention_to_its_paragraph(model: EditionModel) -> None:
    page = next(iter(people_pages(model)))
    _, soup = page_soup(page.markdown)
    assert soup.find(id="beren-millidge") and soup.find(id="how-well-does-rl-scale")
    urls = {x.url for s in model.sections for x in s.paragraphs}
    mention_links = [a for li in soup.select("li") for a in li.find_all("a", href=True)]
    assert mention_links and all(resolve("people/", a["href"]) in urls for a in mention_links)
    cut = soup.find("code", string="https://www.tobyord.com/writing/how-w...")
    assert cut is not None and "the YouTube video's description" in cut.parent.get_text()


# --- narration pages ------------------------------------------------------------------------------


def test_youtube_transcript_page_has_every_sentence_with_its_times(model: EditionModel) -> None:
    page = next(iter(transcript_pages.youtube_pages(model)))
    _, soup = page_soup(page.markdown)
    spans = soup.select("span.sentence")
    sentences = model.transcript.sentences()
    assert [s["id"] for s in spans] == [s.id for s in sentences]
    assert [float(s["data-start"]) for s in spans] == pytest.approx([s.start for s in sentences], abs=0.001)
    fixes = soup.select("span.asr-fix")
    assert fixes and all(f["title"] == "caption said: " + f["data-said"] for f in fixes)
    # The toggle that shows every original (a title reaches neither a keyboard nor a phone), with their count.
    toggle = soup.select_one("p.fix-toggle label")
    assert toggle.select_one("input.show-fixes[type=checkbox]") and f"({len(fixes)})" in toggle.get_text()
    headings = soup.find_all("h2")
    assert [h["id"] for h in headings] == [c.id for c in model.transcript.chapters]


def test_podcast_page_lines_are_timed(model: EditionModel) -> None:
    page = next(iter(transcript_pages.podcast_pages(model)))
    _, soup = page_soup(page.markdown)
    lines = soup.select("p.podcast-line")
    assert [p["id"] for p in lines] == [line.id for line in model.podcast.lines()]
    assert all(p.select_one("a.ts")["href"].startswith("https://www.youtube.com/watch?v=") for p in lines)


def test_narration_pages_of_captions_without_a_video_promise_no_video(model: EditionModel) -> None:
    """Captions given as a bare SRT or WebVTT file name no video: the pages say so in their words."""
    assert model.transcript is not None and model.captions is not None
    bare = replace(model, transcript=replace(model.transcript, video_id=""),
                   captions=replace(model.captions, video_id=""))
    page = next(iter(transcript_pages.youtube_pages(bare)))
    meta, soup = page_soup(page.markdown)
    assert page.nav[-1] == "Narration transcript" and "YouTube" not in meta["title"] + meta["description"]
    assert "YouTube" not in visible(soup) and "opens the video" not in visible(soup)
    _, soup = page_soup(differences_page(bare))
    assert "Times link to the video" not in visible(soup) and not soup.select('a[href*="youtube.com"]')
    _, soup = page_soup(differences_page(model))
    assert "Times link to the video" in visible(soup) and soup.select('a[href*="youtube.com"]')


def test_differences_page_counts_and_charts(model: EditionModel) -> None:
    _, soup = page_soup(differences_page(model))
    total = sum(len(s.paragraphs) for s in model.sections)
    skipped = sum(1 for s in model.sections for p in s.paragraphs if p.narration is None)
    assert f"Of {total} paragraphs it reads {total - skipped} and skips {skipped}" in visible(soup)
    rows = soup.select(".order-chart li.section-row")
    assert len(rows) == len(model.sections)
    for row, section in zip(rows, model.sections):  # each row's bars: its narrated paragraphs, placed in percent
        bars = row.select(".para-bar")
        assert len(bars) == sum(1 for p in section.paragraphs if p.narration)
        assert all(re.fullmatch(r"left: [\d.]+%; width: [\d.]+%", bar["style"]) for bar in bars)
    assert len(soup.select(".order-chart .added-row .added-bar")) == len(model.additions)
    assert len(soup.select("li.skipped")) == skipped


# --- library and exports table --------------------------------------------------------------------


def test_library_page_and_exports_table_escape_source_text() -> None:
    from essay_edition.model import LibraryEntry

    hostile = '<script>alert("x")</script> & {#id} [link](http://evil) | *cell*'
    entries = [LibraryEntry(hostile, hostile, hostile, "2025-12-23", "essays/one/", 7, 37),
               LibraryEntry("Second", "", "A. Writer", "2026-01-02", "essays/two/", 3, 0)]
    _, soup = page_soup(library_page(entries))
    assert_inert(soup)
    assert len(soup.select(".library-card")) == 2 and soup.select(".library-title")[1]["href"] == "essays/two/"
    sizes = {f"data/{name}": 2048 for name in EXPORT_DESCRIPTIONS}
    one = BeautifulSoup(__import__("markdown").markdown(exports_table("about/data/", [("Essay", "")], sizes),
                                                        extensions=["tables"]), "html.parser")
    first = one.select_one("tbody tr a")
    assert first["href"] == "../../data/essay.json" and "2 KB" in first.parent.get_text()
    assert len(one.select("tbody tr")) == len(EXPORT_DESCRIPTIONS)
    many_sizes = {f"essays/{n}/data/{name}": 10 for n in ("one", "two") for name in EXPORT_DESCRIPTIONS}
    many = exports_table("about/data/", [(hostile, "essays/one/"), ("Second", "essays/two/")], many_sizes)
    rendered = BeautifulSoup(__import__("markdown").markdown(many, extensions=["tables"]), "html.parser")
    assert_inert(rendered)
    assert not rendered.find("em")
    assert all(len(row.find_all("td")) == 3 for row in rendered.select("tbody tr"))
    csv_row = next(r for r in rendered.select("tbody tr") if r.find("code").get_text() == "predictions.csv")
    assert csv_row.find_all("a")[1]["href"] == "../../essays/two/data/predictions.csv"


def test_exports_table_leaves_out_files_no_essay_wrote() -> None:
    table = exports_table("about/data/", [("Essay", "")], {"data/essay.json": 10, "data/predictions.json": 10})
    assert "essay.json" in table and "captions.vtt" not in table


# --- the reading layer: § numbers, backlinks, previews data, claim names -------------------------


def test_each_paragraph_carries_its_number_and_lists_what_cites_it(model: EditionModel) -> None:
    labels = model.paragraph_labels()
    for section, page in zip(model.sections, essay_pages.pages(model)):
        front, soup = page_soup(page.markdown)
        assert front["hide"] == ["toc"]
        for record in section.paragraphs:
            passage = soup.find(id=record.id).find_parent("div", class_="passage")
            assert passage.select_one("a.permalink")["data-label"] == labels[record.id]
            citations = model.cited_by[record.id]
            links = [resolve(section.page_url, a["href"]) for a in passage.select("details.cited-by li.cite-claim a")]
            assert links == [f"claims/{c.id}/" for c in citations if c.kind == "claim"]
            forecasts = [resolve(section.page_url, a["href"]) for a in passage.select("li.cite-forecast a")]
            assert forecasts == [f"predictions/#{c.id}" for c in citations if c.kind == "forecast"]
            verdicts = [s.get_text() for s in passage.select("li.cite-claim .verdict")]
            assert verdicts == [claims_pages.VERDICT_LABELS[c.verdict] for c in citations if c.kind == "claim"]
            first_spoken = next((c for c in citations if c.kind == "narration"), None)
            spoken = passage.select_one("a.cite-narration")
            assert (spoken is None) == (first_spoken is None)
            if spoken is not None:
                assert resolve(section.page_url, spoken["href"]) == f"narration/youtube/#{first_spoken.id}"
            if not citations:
                assert passage.select_one("details.cited-by") is None


def test_backlinks_summary_counts_what_cites_the_paragraph(model: EditionModel) -> None:
    record = model.sections[0].paragraphs[0]
    _, soup = page_soup(essay_pages.section_page(model, model.sections[0], essay_pages.paragraph_extras(model)))
    summary = soup.find(id=record.id).find_parent("div", class_="passage").select_one("details.cited-by summary")
    citations = model.cited_by[record.id]
    claims = sum(c.kind == "claim" for c in citations)
    assert summary.get_text().startswith(f"Cited by {claims} claim")
    assert summary["aria-label"].endswith(f"(what cites {model.paragraph_labels()[record.id]})")


def test_glossary_terms_link_to_the_glossary(model: EditionModel) -> None:
    _, soup = page_soup(next(iter(essay_pages.pages(model))).markdown)
    terms = soup.select("a.term-link")
    assert terms
    for a in terms:
        assert resolve(model.sections[0].page_url, a["href"]) == f"glossary/#{a.abbr['data-entity']}"


def test_essay_json_lists_what_cites_each_paragraph(model: EditionModel) -> None:
    import json

    essay = json.loads(render_edition(model).assets["data/essay.json"])
    rows = {p["id"]: p["cited_by"] for s in essay["sections"] for p in s["paragraphs"]}
    assert set(rows) == set(model.cited_by)
    for pid, citations in model.cited_by.items():
        assert [(r["kind"], r["id"], r["text"]) for r in rows[pid]] == [(c.kind, c.id, c.text) for c in citations]
    claim = next(r for rs in rows.values() for r in rs if r["kind"] == "claim")
    assert set(claim) == {"kind", "id", "url", "text", "source", "verdict"} and claim["url"] == f"claims/{claim['id']}/"
    forecast = next(r for rs in rows.values() for r in rs if r["kind"] == "forecast")
    assert set(forecast) == {"kind", "id", "url", "text", "status"}
    line = next(r for rs in rows.values() for r in rs if r["kind"] == "podcast")
    assert set(line) == {"kind", "id", "url", "text", "start", "end"} and line["url"].startswith("narration/podcast/#")


def test_previews_file_holds_every_link_target_in_few_words(model: EditionModel) -> None:
    import json

    from essay_edition.render.previews import PARAGRAPH_CHARS, PREVIEWS_PATH

    data = json.loads(render_edition(model).assets[PREVIEWS_PATH])
    assert set(data["entities"]) == {e.id for e in model.entities}
    assert set(data["forecasts"]) == {r.prediction.id for r in model.ledger.predictions}
    assert set(data["claims"]) == {c.id for c in model.claims.claims}
    labels = model.paragraph_labels()
    assert {k: v["label"] for k, v in data["paragraphs"].items()} == labels
    assert all(len(v["text"]) <= PARAGRAPH_CHARS for v in data["paragraphs"].values())
    term = next(e for e in model.entities if e.kind == "term")
    assert data["entities"][term.id] == {"kind": "term", "name": term.name, "text": term.description}


def test_claims_index_links_every_paragraph_reference(model: EditionModel) -> None:
    pages = list(claims_pages.pages(model))
    _, index = page_soup(page_of(pages, "claims/index.md").markdown)
    labels, urls = model.paragraph_labels(), {x.id: x.url for s in model.sections for x in s.paragraphs}
    by_url = {f"claims/{c.id}/": c for c in model.claims.claims}
    for row in index.select("tbody tr"):
        claim = by_url[resolve("claims/", row.find("a")["href"])]
        refs = row.select("a.para-ref")
        assert [a.get_text() for a in refs] == [labels[s.paragraph_id] for s in claim.support]
        assert [resolve("claims/", a["href"]) for a in refs] == [urls[s.paragraph_id] for s in claim.support]


@pytest.mark.parametrize(("source", "kind", "expected"), [
    ("note", "key-claim", "Key claim 3 of the knowledge note"),
    ("summary", "key-point", "Key point 3 of the TL;DR summary"),
    ("summary", "prose", "Sentence 3 of the TL;DR summary’s prose"),
])
def test_claim_pages_name_a_claim_as_a_reader_would(model: EditionModel, source: str, kind: str, expected: str) -> None:
    claims = [c for c in model.claims.claims if (c.source, c.kind) == (source, kind)]
    _, soup = page_soup(claims_pages.claim_page(model, claims[2]))
    meta = visible(soup.select_one(".claim-meta"))
    assert meta.endswith(expected) and "line" not in meta and ".txt" not in meta
