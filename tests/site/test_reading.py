"""Reading in Chromium: previews on hover, keyboard focus and tap; backlinks beside each paragraph; the
reader's annotation setting; sentence links by keyboard and by selection; tap targets; print.

Previews read one same-origin file the build writes (assets/previews.json); every page here aborts and
records any request to another host, so the tests also show that previews load nothing from elsewhere.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_helpers import DESKTOP, MOBILE, NO_MOTION_CSS
from test_site_a11y import describe, run_axe

pytestmark = [pytest.mark.site, pytest.mark.browser]

SECTION = "essay/what-are-we-scaling/"
CARD = ".ed-preview[role=dialog]"


@pytest.fixture(scope="module")
def previews(built_site: Path) -> dict:
    """The previews file the build wrote for the essay."""
    return json.loads((built_site / "assets" / "previews.json").read_text(encoding="utf-8"))


@pytest.fixture
def touch_page(browser, served_site: str) -> Iterator:
    """`touch_page(path, scheme='light')` -> a page in a 390 px touch screen context, foreign requests aborted."""
    contexts = []

    def open_(path: str, scheme: str = "light"):
        context = browser.new_context(viewport=MOBILE, has_touch=True, is_mobile=True, color_scheme=scheme)
        contexts.append(context)
        foreign: list[str] = []

        def guard(route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                foreign.append(route.request.url)
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(served_site + path, wait_until="networkidle")
        page.add_style_tag(content=NO_MOTION_CSS)
        return page, foreign, errors

    yield open_
    for context in contexts:
        context.close()


def tab_to(page, selector: str, start: str, limit: int = 40) -> None:
    """Focus `start`, then press Tab until the focused element matches `selector`."""
    page.locator(start).first.focus()
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("sel => document.activeElement.matches(sel)", selector):
            return
    pytest.fail(f"Tab never reached {selector!r} from {start!r}", pytrace=False)


def term_id(page) -> str:
    return page.evaluate("document.activeElement.querySelector('abbr').dataset.entity")


def test_keyboard_focus_on_a_glossary_term_opens_its_preview_and_escape_closes_it(open_page, previews):
    page, log = open_page(SECTION)
    tab_to(page, "a.term-link", ".para a.play")
    card = page.locator(CARD)
    card.wait_for(state="visible")
    entity = previews["entities"][term_id(page)]
    assert card.locator(".ed-preview-title").inner_text() == entity["name"]
    assert card.locator(".ed-preview-text").inner_text() == entity["text"]
    assert card.get_attribute("aria-labelledby") == card.locator(".ed-preview-title").get_attribute("id")
    described = page.evaluate("document.activeElement.getAttribute('aria-describedby')")
    assert described and page.locator(f"#{described}").inner_text() == entity["text"]
    term_href = page.evaluate("document.activeElement.getAttribute('href')")
    assert card.locator("a").get_attribute("href") == term_href
    # Tab goes into the card (it follows the link in the document), Escape closes it and returns focus.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('.ed-preview') !== null")
    page.keyboard.press("Escape")
    assert card.count() == 0
    assert page.evaluate("document.activeElement.getAttribute('href')") == term_href
    assert not log.foreign_requests and not log.console_errors, log
    previews_file = page.url.split(SECTION)[0] + "assets/previews.json"
    assert [r for r in log.requests if r.endswith(".json") and "previews" in r] == [previews_file]  # once, then reused


def test_hover_opens_previews_of_forecasts_and_claims(open_page, previews):
    page, log = open_page("essay/goal-post-shifting-is-justified/")
    page.locator("details.cited-by li.cite-claim a").first.hover()
    card = page.locator(CARD)
    card.wait_for(state="visible")
    claim_id = page.locator("details.cited-by li.cite-claim a").first.get_attribute("href").rstrip("/").split("/")[-1]
    claim = previews["claims"][claim_id]
    assert card.locator(".ed-preview-text").inner_text() == claim["text"]
    assert claim["name"] in card.locator(".ed-preview-kind").inner_text()
    page.mouse.move(5, 5)
    card.wait_for(state="detached")
    mark = page.locator("mark.prediction").first
    mark.hover()
    card.wait_for(state="visible")
    forecast = previews["forecasts"][mark.get_attribute("data-prediction")]
    assert card.locator(".ed-preview-title").inner_text() == forecast["title"]
    assert not log.foreign_requests and not log.console_errors, log


def test_a_tap_opens_a_preview_at_390px_and_its_link_leads_on(touch_page, previews):
    page, foreign, errors = touch_page(SECTION)
    term = page.locator("a.term-link").nth(1)
    entity_id = term.locator("abbr").get_attribute("data-entity")
    entity = previews["entities"][entity_id]
    term.tap()
    card = page.locator(CARD)
    card.wait_for(state="visible")
    assert page.url.endswith(SECTION), "the first tap must open the preview, not follow the link"
    assert card.locator(".ed-preview-text").inner_text() == entity["text"]
    box = card.bounding_box()
    assert box and box["x"] >= 0 and box["x"] + box["width"] <= MOBILE["width"] and box["y"] + box["height"] <= MOBILE["height"]
    card.locator("a").tap()
    page.wait_for_url("**/glossary/#*")
    assert urlsplit(page.url).fragment == entity_id
    assert not foreign and not errors


def test_a_paragraphs_backlinks_list_the_claims_that_cite_it(open_page, essay_data):
    section, paragraph = next((s, p) for s in essay_data["sections"] for p in s["paragraphs"]
                              if sum(c["kind"] == "claim" for c in p["cited_by"]) >= 2)
    page, log = open_page(section["url"])
    passage = page.locator(f"div.passage:has(> [id='{paragraph['id']}'])")
    links = passage.locator("details.cited-by li.cite-claim a")
    hrefs = [links.nth(i).evaluate("a => new URL(a.href).pathname") for i in range(links.count())]
    base = urlsplit(page.url).path.split(section["url"])[0]
    assert hrefs == [base + c["url"] for c in paragraph["cited_by"] if c["kind"] == "claim"]
    # Wide screen: in the margin, beside the paragraph, without opening anything.
    para_box = page.locator(f"[id='{paragraph['id']}']").bounding_box()
    first = links.first.bounding_box()
    assert first and first["x"] >= para_box["x"] + para_box["width"] and first["y"] < para_box["y"] + para_box["height"]
    names = [links.nth(i).evaluate("a => a.textContent") for i in range(links.count())]
    claims = [c for c in paragraph["cited_by"] if c["kind"] == "claim"]
    assert all(c["text"] in name for c, name in zip(claims, names))
    assert not log.console_errors


def test_on_a_narrow_screen_backlinks_wait_behind_a_control(touch_page, essay_data):
    section, paragraph = next((s, p) for s in essay_data["sections"] for p in s["paragraphs"]
                              if any(c["kind"] == "claim" for c in p["cited_by"]))
    page, foreign, errors = touch_page(section["url"])
    details = page.locator(f"div.passage:has(> [id='{paragraph['id']}']) details.cited-by")
    first_claim = details.locator("li.cite-claim a").first
    assert not first_claim.is_visible()
    details.locator("summary").tap()
    assert first_claim.is_visible()
    box = details.locator("summary").bounding_box()
    assert box and box["height"] >= 24
    assert not foreign and not errors


def test_annotation_toggle_hides_forecast_marks_and_persists_across_pages(open_page, essay_data):
    page, log = open_page(SECTION)
    mark = page.locator("mark.prediction").first
    assert mark.evaluate("m => getComputedStyle(m).textDecorationLine") == "underline"
    page.locator("details.reading-prefs > summary").click()
    page.locator("input[name=ed-forecasts]").uncheck()
    assert mark.evaluate("m => getComputedStyle(m).textDecorationLine") == "none"
    assert not page.locator("a.pred-ref").first.is_visible()
    other = next(s["url"] for s in essay_data["sections"] if s["url"] != SECTION)
    page.goto(page.url.split(SECTION)[0] + other, wait_until="networkidle")
    assert page.locator("input[name=ed-forecasts]").is_checked() is False
    later = page.locator("mark.prediction").first
    assert later.evaluate("m => getComputedStyle(m).textDecorationLine") == "none"
    assert not page.locator("a.pred-ref").first.is_visible()
    assert page.locator("input[name=ed-terms]").is_checked()  # the other settings keep their defaults
    page.locator("details.reading-prefs > summary").click()
    page.locator("input[name=ed-forecasts]").check()
    assert later.evaluate("m => getComputedStyle(m).textDecorationLine") == "underline"
    assert not log.console_errors


def test_the_default_view_is_quiet(open_page):
    page, _ = open_page(SECTION)
    marked = page.evaluate("""() => {
        const text = n => n.textContent.length;
        const paras = [...document.querySelectorAll('.md-content .para')];
        const tinted = [...document.querySelectorAll('.md-content .para *')].filter(el => {
            const bg = getComputedStyle(el).backgroundColor;
            return bg !== 'rgba(0, 0, 0, 0)' && bg !== 'transparent' && !el.closest('.para-tools, .permalink');
        });
        return tinted.reduce((n, el) => n + text(el), 0) / paras.reduce((n, p) => n + text(p), 0);
    }""")
    assert marked == 0, f"{marked:.0%} of the essay text sits on a coloured background"
    # A forecast shows its tint only under the pointer; a linked passage has its own, different one.
    mark = page.locator("mark.prediction").first
    mark.hover()
    forecast = mark.evaluate("m => getComputedStyle(m).backgroundColor")
    page.goto(page.url + "#" + page.locator(".para").nth(1).get_attribute("id"))
    target = page.evaluate("getComputedStyle(document.querySelector('.para:target')).backgroundColor")
    assert forecast not in ("rgba(0, 0, 0, 0)", "transparent") and target not in ("rgba(0, 0, 0, 0)", "transparent")
    assert target != forecast


def test_sentence_links_by_keyboard(browser, served_site, essay_data):
    context = browser.new_context(viewport=DESKTOP)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=served_site.rstrip("/"))
    page = context.new_page()
    page.goto(served_site + SECTION, wait_until="networkidle")
    # A paragraph whose first sentence holds no link: from its ▶ time, Tab reaches the sentence button next.
    paragraph = next(p for p in essay_data["sections"][0]["paragraphs"] if len(p["sentences"]) >= 2 and
                     page.evaluate("id => !document.getElementById(id).querySelector('a')", p["sentences"][0]["id"]))
    page.locator(f"[id='{paragraph['id']}'] a.play").focus()
    page.keyboard.press("Tab")
    share = page.locator("button.sentence-link")
    assert page.evaluate("document.activeElement.matches('button.sentence-link')")
    assert share.locator("svg").count() == 1 and share.inner_text().strip() == ""
    first, second = paragraph["sentences"][0], paragraph["sentences"][1]
    assert first["text"].split()[0] in share.get_attribute("aria-label")
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.matches('button.sentence-link')")
    assert page.evaluate("document.activeElement.previousElementSibling.id") == second["id"]
    page.keyboard.press("Enter")
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.endswith("#" + second["id"]) and page.url.endswith("#" + second["id"])
    context.close()


def test_select_text_then_share_the_sentence_on_touch(touch_page, essay_data):
    page, foreign, errors = touch_page(SECTION)
    sentence = essay_data["sections"][0]["paragraphs"][1]["sentences"][0]
    page.evaluate("""id => {
        const node = document.getElementById(id).firstChild;
        const range = document.createRange();
        range.setStart(node, 4); range.setEnd(node, 12);
        const sel = getSelection(); sel.removeAllRanges(); sel.addRange(range);
    }""", sentence["id"])
    share = page.locator("button.sentence-link")
    share.wait_for(state="visible")
    assert page.evaluate("document.querySelector('button.sentence-link').previousElementSibling.id") == sentence["id"]
    box = share.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert not foreign and not errors


@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_tap_targets_are_at_least_24px(viewport, open_page):
    page, _ = open_page(SECTION, viewport=DESKTOP if viewport == "desktop" else MOBILE)
    page.locator(".para a.play").first.focus()
    page.keyboard.press("Tab")  # brings the sentence button up
    selectors = ["a.permalink", ".para-tools a.play", "a.pred-ref", "details.reading-prefs > summary", "button.sentence-link"]
    selectors.append("details.cited-by li.cite-claim a" if viewport == "desktop" else "details.cited-by > summary")
    small = []
    for selector in selectors:
        nodes = page.locator(selector)
        assert nodes.count(), selector
        for i in range(min(nodes.count(), 12)):
            box = nodes.nth(i).bounding_box()
            if box and (box["width"] < 24 or box["height"] < 24):
                small.append(f"{selector}[{i}]: {box['width']:.0f}x{box['height']:.0f}")
    assert not small, small


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_axe_finds_nothing_with_a_preview_open(scheme, viewport, open_page, axe_script, checker_report):
    page, _ = open_page(SECTION, viewport=DESKTOP if viewport == "desktop" else MOBILE, scheme=scheme)
    if viewport == "mobile":
        page.locator("details.cited-by > summary").first.click()
    page.locator("details.reading-prefs > summary").click()
    tab_to(page, "a.term-link", ".para a.play")
    page.locator(CARD).wait_for(state="visible")
    violations = run_axe(page, axe_script, checker_report)
    assert not violations, f"axe with a preview open ({viewport}, {scheme}):\n{describe(violations)}"
    page.keyboard.press("Escape")
    page.locator("details.cited-by li.cite-claim a").first.focus()
    page.locator(CARD).wait_for(state="visible")
    violations = run_axe(page, axe_script, checker_report)
    assert not violations, f"axe with a claim preview open ({viewport}, {scheme}):\n{describe(violations)}"


def test_print_shows_no_empty_brackets_and_prints_where_links_lead(open_page):
    page, _ = open_page(SECTION)
    page.emulate_media(media="print")
    text = page.evaluate("document.querySelector('.md-content').innerText")
    assert "(narration )" not in text and "()" not in text
    after = page.evaluate("getComputedStyle(document.querySelector('.section-meta a.play'), '::after').content")
    assert "https://www.youtube.com/watch?v=" in after
    claim, _ = open_page("claims/" + page.locator("details.cited-by li.cite-claim a").first
                         .get_attribute("href").rstrip("/").split("/claims/")[-1] + "/")
    claim.emulate_media(media="print")
    read = claim.get_by_text("Read it in the essay").first
    assert "/essay/" in read.evaluate("a => getComputedStyle(a, '::after').content")
    assert not claim.locator(".ed-preview, details.reading-prefs, button.sentence-link").first.is_visible()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("viewport", ["desktop", "mobile"])
def test_reading_screenshots(scheme, viewport, open_page, touch_page, screenshot_dir):
    """Desktop: a preview open on hover, backlinks in the margin. Mobile: backlinks opened, a preview tapped open."""
    if viewport == "desktop":
        page, log = open_page(SECTION, scheme=scheme)
        page.locator("a.term-link[href$='#rlvr']").first.hover()
        problems = log.foreign_requests + log.console_errors
    else:
        page, foreign, errors = touch_page(SECTION, scheme=scheme)
        page.locator("details.cited-by > summary").first.tap()
        page.evaluate("window.scrollTo(0, 300)")
        page.locator("a.term-link[href$='#rlvr']").first.tap()
        problems = foreign + errors
    card = page.locator(CARD)
    card.wait_for(state="visible")
    box = card.bounding_box()
    size = page.viewport_size
    assert 0 <= box["x"] and box["x"] + box["width"] <= size["width"] and box["y"] + box["height"] <= size["height"]
    backlinks = page.locator("details.cited-by li.cite-claim a").first
    assert backlinks.is_visible()
    out = screenshot_dir / f"reading-{viewport}-{scheme}.png"
    page.screenshot(path=str(out))
    assert out.stat().st_size > 10_000
    assert not problems, problems
