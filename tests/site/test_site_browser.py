"""What a reader does in Chromium: search, follow a deep link, load pages without errors or outside hosts."""

from __future__ import annotations

import pytest
from site_helpers import DESKTOP, MOBILE, SEARCH_INPUT, SEARCH_RESULT, normalize, paragraph_href

pytestmark = [pytest.mark.site, pytest.mark.browser]


def test_search_lands_on_the_page_holding_the_phrase(open_page, search_target):
    page, log = open_page("")
    box = page.locator(SEARCH_INPUT)
    box.click()
    box.press_sequentially(search_target.phrase)
    first = page.locator(SEARCH_RESULT).first
    first.wait_for(state="visible")
    results = page.locator(f"{SEARCH_RESULT} a").evaluate_all(
        "links => links.slice(0, 3).map(a => a.getAttribute('href') + '  ' + a.innerText.split('\\n')[0])"
    )
    start_url = page.url
    first.locator("a").first.click()
    page.wait_for_url(lambda url: url != start_url)
    page.wait_for_load_state("networkidle")
    landed = normalize(page.locator("article").first.inner_text())
    assert search_target.phrase in landed, (
        f"searched {search_target.phrase!r} (from /{search_target.href}); the first result took us to {page.url}, "
        "which does not hold the phrase. Top results:\n" + "\n".join(results)
    )
    assert not log.console_errors and not log.foreign_requests, log


def test_deep_links_scroll_the_paragraph_into_view(open_page, paragraphs):
    sample = {
        paragraphs[0]["id"]: paragraphs[0],
        paragraphs[len(paragraphs) // 2]["id"]: paragraphs[len(paragraphs) // 2],
        paragraphs[-1]["id"]: paragraphs[-1],
    }
    hidden = []
    for paragraph in sample.values():
        href = paragraph_href(paragraph)
        page, _ = open_page(href)
        target = page.locator(f"[id='{paragraph['id']}']")
        page.wait_for_timeout(200)  # let the browser finish its scroll to the fragment
        box = target.bounding_box()
        header = page.locator(".md-header").bounding_box()
        viewport = page.viewport_size
        header_bottom = header["y"] + header["height"] if header else 0
        if box is None or box["y"] >= viewport["height"] or box["y"] + box["height"] <= 0:
            hidden.append(f"/{href}: paragraph not in the viewport (box {box})")
        elif box["y"] < header_bottom - 1:
            hidden.append(
                f"/{href}: paragraph top at y={box['y']:.0f}, under the sticky header (bottom y={header_bottom:.0f})"
            )
    assert not hidden, "deep links:\n" + "\n".join(hidden)


def test_page_loads_quietly_and_locally(page_type, resolve_page, open_page):
    path = resolve_page(page_type)
    _, log = open_page(path)
    assert not log.foreign_requests, f"/{path} asked hosts other than 127.0.0.1:\n" + "\n".join(log.foreign_requests)
    assert not log.console_errors, f"/{path} console errors:\n" + "\n".join(log.console_errors)


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("which", ["home", "section"])
def test_screenshot_and_no_sideways_scroll(which, scheme, viewport, resolve_page, open_page, screenshot_dir):
    path = resolve_page(which)
    page, _ = open_page(path, viewport=viewport, scheme=scheme)
    page.screenshot(path=screenshot_dir / f"{which}-{viewport['width']}x{viewport['height']}-{scheme}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{path} at {viewport['width']}px scrolls sideways by {overflow}px"



MIN_CHART_TEXT_PX = 12


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("path", ["", "narration/differences/"], ids=["home", "differences"])
def test_narration_charts_keep_their_words_legible(path, viewport, open_page, screenshot_dir):
    """The structure chart (home) and the reading-order chart (differences) are page text: no word of
    them under 12 px on a phone (an SVG scaled to the phone's width drew them at 5 px), every bar
    inside its track, nothing scrolling sideways."""
    page, log = open_page(path, viewport=viewport)
    chart = page.locator(".time-chart").first
    chart.scroll_into_view_if_needed()
    name = "home" if not path else "differences"
    chart.locator("xpath=..").screenshot(path=screenshot_dir / f"chart-{name}-{viewport['width']}x{viewport['height']}.png")
    sizes = chart.evaluate(
        """chart => [...chart.querySelectorAll('*')]
             .filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                           && el.getClientRects().length > 0 && !el.closest('.time-chart-hidden'))
             .map(el => [el.className, el.textContent.trim().slice(0, 40), parseFloat(getComputedStyle(el).fontSize)])""")
    assert len(sizes) >= 2 * page.locator(".time-chart li.section-row").count()  # a title and a time per row
    small = [s for s in sizes if s[2] < MIN_CHART_TEXT_PX]
    assert not small, f"/{path} chart text under {MIN_CHART_TEXT_PX}px at {viewport['width']}px: {small[:5]}"
    outside = chart.evaluate(
        """chart => [...chart.querySelectorAll('.time-chart-bar')].filter(bar => {
             const b = bar.getBoundingClientRect(), t = bar.parentElement.getBoundingClientRect();
             return b.width < 1 || b.left < t.left - 0.5 || b.right > t.right + 0.5; }).length""")
    assert outside == 0, f"/{path}: {outside} bars outside their track or too thin to see"
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{path} at {viewport['width']}px scrolls sideways by {overflow}px"
    assert not log.console_errors, log.console_errors


def _search_by_slash(page, phrase: str) -> None:
    """Open search with "/" (Material's shortcut, which search.js handles) and type ``phrase``; wait for results."""
    page.locator("article").first.click(position={"x": 5, "y": 5})  # the page has the focus, as a reader's would
    page.keyboard.press("/")
    page.keyboard.type(phrase)
    page.locator(SEARCH_RESULT).first.wait_for(state="visible")
    page.wait_for_timeout(300)


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
def test_search_opened_by_its_key_lies_over_the_page_and_keeps_its_width(viewport, open_page, search_target):
    """Opened with "/" as with the header's button: the results cover the page's own controls (the
    Annotations menu drew over them), and on a phone they fit the screen (they ran 870 px off it)."""
    page, log = open_page("essay/what-are-we-scaling/", viewport=viewport)
    _search_by_slash(page, search_target.phrase)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"search results at {viewport['width']}px scroll sideways by {overflow}px"
    covered = page.evaluate("""() => [...document.querySelectorAll('.md-search-result__item')].filter(item => {
        const r = item.getBoundingClientRect();
        const points = [];  // a grid over the part of the result on screen
        for (let x = r.left + 4; x < Math.min(r.right, innerWidth); x += 24)
          for (let y = Math.max(r.top, 0) + 4; y < Math.min(r.bottom, innerHeight); y += 12) points.push([x, y]);
        return points.some(([x, y]) => { const top = document.elementFromPoint(x, y); return !(top && top.closest('.md-search')); });
      }).length""")
    assert covered == 0, f"{covered} visible results have page content drawn over them"
    assert not log.console_errors, log.console_errors


def test_tabbing_past_the_search_dialog_closes_it(open_page):
    page, log = open_page("essay/what-are-we-scaling/")
    page.locator(SEARCH_INPUT).focus()
    assert page.evaluate("document.getElementById('__search').checked")
    for _ in range(12):
        page.keyboard.press("Tab")
        if not page.evaluate("!!document.activeElement.closest('.md-search')"):
            break
    page.wait_for_timeout(300)  # nothing late (a timer's refocus) takes the reader back into the dialog
    assert not page.evaluate("!!document.activeElement.closest('.md-search')"), "focus is in the dialog"
    assert not page.evaluate("document.getElementById('__search').checked"), "the dialog stayed open behind the focus"
    assert not log.console_errors, log.console_errors


def test_a_phone_reader_can_show_what_the_captions_said(open_page):
    """Corrected words are marked, and one tap on the transcript's toggle shows each original beside its word."""
    page, log = open_page("narration/youtube/", viewport=MOBILE)
    fix = page.locator(".asr-fix").first
    assert "dotted" in fix.evaluate("el => getComputedStyle(el).textDecorationStyle")
    shown = "el => getComputedStyle(el, '::after').content"
    assert fix.evaluate(shown) in ("none", "normal")
    page.locator("input.show-fixes").check()
    assert fix.evaluate(shown) == '"[' + fix.get_attribute("data-said") + ']"'
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0 and not log.console_errors, (overflow, log.console_errors)
