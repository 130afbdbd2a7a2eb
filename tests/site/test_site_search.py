"""The site search in Chromium: nothing loads before a query, a phrase opens its paragraph (on a site of one
essay and of two), results name their essay and narration time, and the dialog works from the keyboard.

The index is Pagefind's (src/essay_edition/render/search_index.py), drawn by docs/javascripts/search.js.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from site_helpers import (
    MOBILE,
    SEARCH_INPUT,
    SEARCH_RESULT,
    middle_phrase,
    search_documents,
    search_href,
    wait_for_target_in_view,
)

pytestmark = [pytest.mark.site, pytest.mark.browser]


def _clock(seconds: float) -> str:
    whole = int(math.floor(seconds))
    hours, rest = divmod(whole, 3600)
    return f"{hours}:{rest // 60:02d}:{rest % 60:02d}" if hours else f"{rest // 60}:{rest % 60:02d}"


def _type_query(page, text: str) -> list[dict]:
    """Type into the search box; return the results drawn: their href and text."""
    box = page.locator(SEARCH_INPUT)
    box.click()
    box.press_sequentially(text)
    page.locator(SEARCH_RESULT).first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    return page.locator(SEARCH_RESULT).evaluate_all(
        "items => items.map(li => ({href: li.querySelector('a').href, text: li.innerText}))"
    )


def _search_files(requests: list[str]) -> list[str]:
    return [url for url in requests if "/pagefind/" in url]


def _middle_paragraph(section: dict) -> dict:
    paragraphs = [p for p in section["paragraphs"] if len(p["text"].split()) > 30]
    return paragraphs[len(paragraphs) // 2]


@pytest.mark.parametrize("which", ["home", "section"])
def test_first_view_loads_no_search_and_a_query_loads_only_its_part(which, resolve_page, open_page, built_site):
    page, log = open_page(resolve_page(which))
    assert not _search_files(log.requests), f"a first view fetched search files: {_search_files(log.requests)}"
    page.locator(SEARCH_INPUT).click()
    page.wait_for_timeout(300)
    assert not _search_files(log.requests), "focusing the search box fetched search files before any query"

    _type_query(page, "robotics")
    fetched = _search_files(log.requests)
    chunks = [u for u in fetched if "/pagefind/index/" in u]
    fragments = [u for u in fetched if "/pagefind/fragment/" in u]
    all_chunks = list((built_site / "pagefind" / "index").iterdir())
    all_fragments = list((built_site / "pagefind" / "fragment").iterdir())
    assert any(u.endswith("/pagefind/pagefind.js") for u in fetched) and chunks and fragments, fetched
    assert len(chunks) < len(all_chunks), f"one word loaded {len(chunks)} of {len(all_chunks)} index chunks"
    drawn = page.locator(SEARCH_RESULT).count()
    assert len(fragments) <= drawn < len(all_fragments), f"{len(fragments)} fragments for {drawn} results drawn"
    assert not log.console_errors and not log.foreign_requests, log


def test_a_phrase_from_the_middle_of_a_section_opens_its_paragraph(open_page, essay_data):
    section = essay_data["sections"][len(essay_data["sections"]) // 2]
    paragraph = _middle_paragraph(section)
    page, log = open_page(section["url"])
    results = _type_query(page, middle_phrase(paragraph["text"]))
    first = results[0]
    assert first["href"].endswith(paragraph["url"]), f"first result {first['href']}, wanted /{paragraph['url']}"
    assert f"▶ {_clock(paragraph['narration']['start'])}" in first["text"], first["text"]
    assert section["title"] in first["text"], first["text"]
    page.locator(SEARCH_RESULT).first.locator("a").click()
    page.wait_for_function(f"location.hash === '#{paragraph['id']}'")
    wait_for_target_in_view(page, paragraph["id"])
    target = page.locator(f"[id='{paragraph['id']}']")
    background = target.evaluate("el => getComputedStyle(el).backgroundColor")
    assert background not in ("rgba(0, 0, 0, 0)", "transparent"), "the passage searched for is not highlighted"
    assert not log.console_errors and not log.foreign_requests, log


def _edited_phrase(here: dict, other: dict) -> tuple[dict, str] | None:
    """A paragraph of `here` whose wording differs from its twin in `other` (the synthetic copies change a
    few words), and six of its words around the first difference: a phrase only `here` has."""
    twins = {p["id"]: p for s in other["sections"] for p in s["paragraphs"]}
    for paragraph in (p for s in here["sections"] for p in s["paragraphs"]):
        mine, theirs = paragraph["text"].split(), twins.get(paragraph["id"], {}).get("text", "").split()
        differ = next((i for i, (a, b) in enumerate(zip(mine, theirs)) if a != b), None)
        if differ is not None and len(mine) > 12:
            start = min(max(0, differ - 3), len(mine) - 6)
            return paragraph, " ".join(mine[start : start + 6]).strip(".,;:!?“”\"'()")
    return None


def test_every_paragraph_is_the_first_result_for_six_of_its_words(open_page, essay_data):
    """Each paragraph's opening six words and six from its middle, typed as a reader would, open that
    paragraph first: phrases of mostly stop words ("if we had a human like") and phrases that a contents
    page or a note quotes too ("takes a long time to diffuse") included."""
    page, log = open_page("")
    box = page.locator(SEARCH_INPUT)
    missed = []
    for paragraph in (p for s in essay_data["sections"] for p in s["paragraphs"] if len(p["text"].split()) > 12):
        opening = " ".join(paragraph["text"].split()[:6]).strip(".,;:!?“”\"'()")
        for phrase in (opening, middle_phrase(paragraph["text"])):
            box.fill("")
            page.wait_for_function("() => !document.querySelector('.md-search-result__item')")
            box.fill(phrase)  # one query: the list fills once, when its results are drawn
            page.locator(SEARCH_RESULT).first.wait_for(state="visible")
            first = page.locator(SEARCH_RESULT).first.locator("a").get_attribute("href")
            if not first.endswith(paragraph["url"]):
                missed.append(f"{phrase!r}: {first}, wanted /{paragraph['url']}")
    assert not missed, "\n".join(missed)
    assert not log.console_errors, log


# A Pagefind engine that lists a long page quoting a phrase before the passage that says it: an exact
# phrase's results all score 1, and the order an index lists its pages in is not the site's (a site indexed
# in parts and merged lists its pages part by part, render/search_chunks.py).
_QUOTING_ENGINE = """
const phrase = "if we had a human like".split(" ");
const quote = ("the ledger quotes " + phrase.join(" ") + " and says human things, human again, human").split(" ");
const said = ("this tension seems vivid " + phrase.join(" ") + " learner").split(" ");
const at = (words, word) => words.flatMap((w, i) => (w === word ? [i] : []));
const page = (id, href, title, words) => ({ id, data: async () => ({ url: "/" + href, meta: { title, href },
  content: words.join(" "), locations: at(words, "human"), anchors: [] }) });
const ledger = page("ledger", "predictions/#quoting-entry", "Predictions ledger", quote);
const passage = page("passage", "essay/a-section/#p-saying-it", "A section", said);
export async function options() {}
export async function search(text) {
  if (text.startsWith('"')) {  // the exact phrase: every result scores 1, the ledger listed first
    return { results: [{ ...ledger, score: 1, words: [3, 4, 5, 6, 7, 8] }, { ...passage, score: 1, words: [4, 5, 6, 7, 8, 9] }] };
  }
  return { results: [{ ...ledger, score: 3.1, words: at(quote, "human") }, { ...passage, score: 2.4, words: at(said, "human") }] };
}
"""


def test_an_exact_phrase_opens_the_passage_that_says_it_before_a_page_that_quotes_it(open_page):
    """Exact-phrase results (a phrase of one word besides stop words) are ranked as other phrases' are:
    by the score of the query's words and the share of them the phrase holds, not by the index's order."""
    page, log = open_page("")
    page.route("**/pagefind/pagefind.js", lambda route: route.fulfill(
        status=200, content_type="text/javascript", body=_QUOTING_ENGINE))
    results = _type_query(page, "if we had a human like")
    assert [r["href"].split("/", 3)[-1] for r in results] == ["essay/a-section/#p-saying-it",
                                                             "predictions/#quoting-entry"]
    assert not log.console_errors, log


def test_on_a_two_essay_site_a_phrase_opens_its_essays_paragraph(open_page, two_essay_site):
    site = two_essay_site
    here, other = site.essays[1], site.essays[0]
    found = _edited_phrase(here, other)
    assert found is not None, "the synthetic copies share every paragraph's wording: no phrase tells them apart"
    paragraph, phrase = found
    page, log = open_page(paragraph["url"].split("#")[0], base=site.url)
    results = _type_query(page, phrase)
    first = results[0]
    assert first["href"] == site.url + paragraph["url"], f"searched {phrase!r}: first result {first['href']}"
    assert here["title"] in first["text"] and other["title"] not in first["text"], first["text"]
    page.locator(SEARCH_RESULT).first.locator("a").click()
    page.wait_for_function(f"location.hash === '#{paragraph['id']}'")
    assert page.url == site.url + paragraph["url"]
    assert not log.console_errors and not log.foreign_requests, log


def test_on_a_two_essay_site_a_shared_phrase_finds_both_essays_each_named(open_page, two_essay_site):
    site = two_essay_site
    here, other = site.essays[1], site.essays[0]
    section = here["sections"][len(here["sections"]) // 2]
    paragraph = _middle_paragraph(section)
    twin = next(p for s in other["sections"] for p in s["paragraphs"] if p["text"] == paragraph["text"])
    page, log = open_page(section["url"], base=site.url)
    results = _type_query(page, middle_phrase(paragraph["text"]))
    by_href = {r["href"]: r["text"] for r in results}
    assert site.url + paragraph["url"] in by_href and site.url + twin["url"] in by_href, list(by_href)
    assert here["title"] in by_href[site.url + paragraph["url"]]
    assert other["title"] in by_href[site.url + twin["url"]]
    assert not log.console_errors and not log.foreign_requests, log


def _summaries_entry(built_site, claim_url: str) -> tuple[str, str]:
    """The claim's entry on the summaries page: its text, and the id of its heading (where a result lands)."""
    soup = BeautifulSoup((built_site / "summaries" / "index.html").read_text(encoding="utf-8"), "lxml")
    link = soup.select_one(f'article a[href$="{claim_url}"]')
    heading = link.find_previous("h3")
    return heading.find_next("blockquote").get_text(), heading["id"]


def test_a_forecast_and_a_claim_each_have_a_result_that_lands_on_them(open_page, built_site):
    """A forecast's and a claim's own pages are out of the index; the result lands on the entry on the
    ledger and on the summaries page, which link to those pages (two claims, from the start and the middle)."""
    forecasts = json.loads((built_site / "data" / "predictions.json").read_text(encoding="utf-8"))
    forecast = forecasts[len(forecasts) // 2]
    claims = sorted(built_site.glob("claims/claim-*/index.html"))
    entries = [_summaries_entry(built_site, path.parent.relative_to(built_site).as_posix() + "/")
               for path in (claims[0], claims[len(claims) // 2])]
    wanted = [("forecast", middle_phrase(forecast["operationalization"]["true"]), f"predictions/#{forecast['id']}")]
    wanted += [("claim", middle_phrase(text), f"summaries/#{anchor}") for text, anchor in entries]
    for kind, phrase, href in wanted:
        page, log = open_page("")
        results = _type_query(page, phrase)
        hrefs = [r["href"] for r in results]
        assert any(h.endswith("/" + href) for h in hrefs), f"{kind}: searched {phrase!r}, wanted /{href} in {hrefs}"
        assert not [h for h in hrefs if "/claims/claim-" in h or "/predictions/" in h and "#" not in h], hrefs
        if kind == "forecast":  # titled by the entry's heading, though its id is on the entry's <section>
            text = next(r["text"] for r in results if r["href"].endswith("/" + href))
            assert f"Predictions ledger › {forecast['title']}" in text, text
        assert not log.console_errors, log


def _summaries_entries(built_site) -> dict[str, list[str]]:
    """Each claim's entry on the summaries page, by its heading's id: its words, its quotes (under h4
    headings) included."""
    soup = BeautifulSoup((built_site / "summaries" / "index.html").read_text(encoding="utf-8"), "lxml")
    entries = {}
    for heading in soup.select("article h3[id]"):
        words = heading.get_text(" ").split()
        for part in heading.find_next_siblings():
            if part.name in ("h2", "h3"):
                break
            if not part.has_attr("data-search-exclude"):  # the entry's links to paragraphs: not indexed
                words += part.get_text(" ").split()
        entries[heading["id"]] = words
    return entries


def _shared_phrase(entries: dict[str, list[str]], avoid: str, size: int = 5) -> tuple[str, set[str]]:
    """Words that stand together in two to five entries (and in no essay paragraph, in `avoid`, where it
    can be helped): the phrase and the entries it stands in."""
    found: dict[str, set[str]] = {}
    for anchor, words in entries.items():
        for start in range(len(words) - size + 1):
            window = words[start : start + size]
            if all(w.isalpha() for w in window):
                found.setdefault(" ".join(window), set()).add(anchor)
    shared = sorted((phrase, anchors) for phrase, anchors in found.items() if 2 <= len(anchors) <= 5)
    assert shared, "no phrase stands in two entries of the summaries page: nothing to check"
    return next(((p, a) for p, a in shared if p.lower() not in avoid.lower()), shared[0])


def test_a_phrase_several_claims_share_lands_on_each_of_their_entries(open_page, built_site, essay_data):
    """Pagefind's phrase search says where a phrase first stands in a page; the script finds every place
    on the page, so each entry that says it is a result (a quote under an entry's h4 lands on the entry)."""
    essay = " ".join(p["text"] for s in essay_data["sections"] for p in s["paragraphs"])
    phrase, anchors = _shared_phrase(_summaries_entries(built_site), essay)
    page, log = open_page("")
    hrefs = [r["href"] for r in _type_query(page, phrase)]
    landed = {h.rsplit("#", 1)[1] for h in hrefs if "/summaries/#" in h}
    assert anchors <= landed, f"searched {phrase!r}: entries {sorted(anchors)}, results {hrefs}"
    assert not [h for h in hrefs if "#words-in-quotation-marks" in h], hrefs
    assert not log.console_errors, log


def test_a_section_title_finds_its_words_not_every_passage_of_the_section(open_page, essay_data):
    """A passage's result is titled by its section, and Pagefind searches metadata too: a word of the
    section's title must not make the section's passages that lack it results (each result drawn shows
    the words that matched it)."""
    stop = _stop_words()
    for section in essay_data["sections"]:
        words = [w.strip("?.,:;!“”\"'") for w in section["title"].split()]
        lacking = [w for w in words if w.lower() not in stop and len(w) > 3
                   and any(w.lower() not in p["text"].lower() for p in section["paragraphs"])]
        if lacking:
            break
    assert lacking, "every title word is in every paragraph of its section: nothing to check"
    page, log = open_page("")
    page.locator(SEARCH_INPUT).fill(lacking[0])
    page.locator(SEARCH_RESULT).first.wait_for(state="visible")
    page.wait_for_load_state("networkidle")
    results = page.locator(SEARCH_RESULT).evaluate_all(
        "items => items.map(li => ({href: li.querySelector('a').href, marks: li.querySelectorAll('mark').length}))")
    unmarked = [r["href"] for r in results if not r["marks"]]
    assert not unmarked, f"searched {lacking[0]!r}: results that show no matched word: {unmarked}"
    assert not log.console_errors, log


def _stop_words() -> set[str]:
    """The stop words of docs/javascripts/search.js (its ``STOP`` set)."""
    script = (Path(__file__).parents[2] / "docs" / "javascripts" / "search.js").read_text(encoding="utf-8")
    listed = re.search(r"var STOP = new Set\(\((.*?)\)\.split", script, re.S)
    assert listed, "search.js has no STOP set"
    return set(" ".join(re.findall(r'"([^"]*)"', listed.group(1))).split())


def test_a_phrase_loads_the_index_chunks_of_its_words_less_stop_words(open_page, essay_data, built_site):
    """An exact phrase is found among the pages its other words find, so the index chunks of its stop
    words are not loaded: it loads what those words alone load, and still opens its paragraph first. The
    index is cut finely enough (render/search_chunks.py) that those few words load a small part of it,
    where Pagefind's own three chunks of this site's index were all loaded by most phrases."""
    stop = _stop_words()
    section = essay_data["sections"][len(essay_data["sections"]) // 2]
    paragraph = _middle_paragraph(section)
    phrase = middle_phrase(paragraph["text"])
    kept = " ".join(w for w in phrase.split() if re.sub(r"[^\w]", "", w.lower()) not in stop)
    assert kept != phrase, f"{phrase!r} has no stop word: nothing to check"
    chunks = {}
    for query in (phrase, kept):
        page, log = open_page(section["url"])
        page.locator(SEARCH_INPUT).fill(query)  # at once: no query is made of what was typed so far
        page.locator(SEARCH_RESULT).first.wait_for(state="visible")
        page.wait_for_load_state("networkidle")
        chunks[query] = {u for u in _search_files(log.requests) if "/pagefind/index/" in u}
        first = page.locator(SEARCH_RESULT).first.locator("a").get_attribute("href")
        assert first.endswith(paragraph["url"]), f"searched {query!r}: first result {first}"
        assert not log.console_errors, log
    assert chunks[phrase] == chunks[kept], chunks
    index = built_site / "pagefind" / "index"
    loaded = sum((index / url.rsplit("/", 1)[1]).stat().st_size for url in chunks[kept])
    whole = sum(path.stat().st_size for path in index.iterdir())
    assert len(chunks[kept]) <= len(kept.split()) and loaded <= whole / 4, (
        f"{kept!r} loaded {len(chunks[kept])} chunks, {loaded} of the index's {whole} bytes")


def test_two_essay_index_has_every_passage_of_both_essays(two_essay_site):
    hrefs = {search_href(d) for d in search_documents(two_essay_site.root)}
    for essay in two_essay_site.essays:
        missing = [p["url"] for s in essay["sections"] for p in s["paragraphs"] if p["url"] not in hrefs]
        assert not missing, f"{essay['prefix']}: passages not in the index: {missing[:5]}"


def test_search_works_from_the_keyboard(open_page, essay_data):
    page, log = open_page("")
    page.keyboard.press("/")
    assert page.evaluate("document.getElementById('__search').checked")
    assert page.evaluate(f"document.activeElement === document.querySelector({SEARCH_INPUT!r})")
    word = "robotics"
    page.keyboard.type(word)
    page.locator(SEARCH_RESULT).first.wait_for(state="visible")
    page.keyboard.press("ArrowDown")
    focused = page.evaluate("document.activeElement.getAttribute('href')")
    assert focused == page.locator(SEARCH_RESULT).first.locator("a").get_attribute("href")
    page.keyboard.press("ArrowUp")
    assert page.evaluate(f"document.activeElement === document.querySelector({SEARCH_INPUT!r})")
    page.keyboard.press("Escape")
    assert not page.evaluate("document.getElementById('__search').checked")
    page.keyboard.press("/")
    page.keyboard.press("ArrowDown")
    start = page.url
    page.keyboard.press("Enter")
    page.wait_for_url(lambda url: url != start)
    assert word in page.locator("article").first.inner_text().lower()
    assert not log.console_errors, log


def test_search_opens_from_the_header_button_on_a_phone(open_page, screenshot_dir):
    for scheme in ("light", "dark"):
        page, log = open_page("", viewport=MOBILE, scheme=scheme)
        page.locator("label.md-header__button[for='__search']").click()
        page.wait_for_function(f"document.activeElement === document.querySelector({SEARCH_INPUT!r})")
        page.keyboard.type("continual learning")
        page.locator(SEARCH_RESULT).first.wait_for(state="visible")
        assert page.locator(SEARCH_RESULT).first.is_visible()
        page.screenshot(path=screenshot_dir / f"search-{MOBILE['width']}x{MOBILE['height']}-{scheme}.png")
        assert not log.console_errors, log
