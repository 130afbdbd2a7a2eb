"""The predictions ledger in Chromium: legible on a phone, sortable and filterable, dated by the reader's clock.

The browser's clock is frozen with Playwright's clock API, so what ledger.js works out from "today"
(relative phrases, today's line, the "falls due" filter) is checked against dates the test chose.
Screenshots of the page (top, timeline, table; 1280x800 and 390x844, light and dark) and of one
forecast's own page go to artifacts/screenshots/.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from site_helpers import DESKTOP, MOBILE, NO_MOTION_CSS, SCHEMES, html_of

pytestmark = [pytest.mark.site, pytest.mark.browser]

LEDGER = "predictions/"
MIN_TEXT_PX = 12


@pytest.fixture
def open_ledger(browser, served_site: str) -> Iterator[Callable[..., object]]:
    """`open_ledger(path=LEDGER, viewport=DESKTOP, scheme="light", today=None)` -> a loaded Playwright page.

    With `today`, the browser's clock reads that day (noon, local time) from before the page loads.
    Requests to other hosts are aborted and, like console errors, fail the test at teardown.
    """
    contexts, problems = [], []

    def open_(path: str = LEDGER, *, viewport: dict = DESKTOP, scheme: str = "light", today: date | None = None):
        context = browser.new_context(viewport=viewport, color_scheme="dark" if scheme == "dark" else "light")
        contexts.append(context)

        def guard(route) -> None:
            if urlsplit(route.request.url).hostname == "127.0.0.1":
                route.continue_()
            else:
                problems.append(f"foreign request {route.request.url}")
                route.abort()

        context.route("**/*", guard)
        page = context.new_page()
        page.on("console", lambda msg: msg.type == "error" and problems.append(f"console: {msg.text}"))
        page.on("pageerror", lambda error: problems.append(f"uncaught: {error}"))
        if today is not None:
            page.clock.set_fixed_time(datetime(today.year, today.month, today.day, 12, 0))
        page.goto(served_site + path, wait_until="networkidle")
        page.add_style_tag(content=NO_MOTION_CSS)
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == SCHEMES[scheme]
        return page

    yield open_
    for context in contexts:
        context.close()
    assert not problems, "\n".join(problems)


@pytest.fixture(scope="session")
def ledger_rows(built_site: Path) -> list[dict[str, str]]:
    """The table's rows as built: id, status, stance, due date (ISO), in essay order."""
    soup = html_of(built_site, LEDGER)
    return [{k: tr[f"data-{k}"] for k in ("id", "status", "stance", "due")} for tr in soup.select("#ledger-table tbody tr")]


def visible_ids(page) -> list[str]:
    return page.eval_on_selector_all("#ledger-table tbody tr", "rows => rows.filter(r => !r.hidden).map(r => r.dataset.id)")


# --- any screen -----------------------------------------------------------------------------------


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_ledger_screenshots_and_no_sideways_scroll(scheme, viewport, open_ledger, screenshot_dir):
    page = open_ledger(viewport=viewport, scheme=scheme)
    size = f"{viewport['width']}x{viewport['height']}"
    page.screenshot(path=screenshot_dir / f"ledger-{size}-{scheme}.png")
    for part, selector in (("timeline", "figure.ledger-timeline"), ("table", "#all-predictions"),
                           ("entry", "section.ledger-entry")):
        page.locator(selector).first.evaluate("el => el.scrollIntoView()")
        page.screenshot(path=screenshot_dir / f"ledger-{part}-{size}-{scheme}.png")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"/{LEDGER} at {viewport['width']}px scrolls sideways by {overflow}px"
    cards = page.eval_on_selector("#ledger-table tbody tr", "tr => getComputedStyle(tr).display")
    assert cards == ("flex" if viewport is MOBILE else "table-row")


@pytest.mark.parametrize("viewport", [MOBILE, DESKTOP], ids=["mobile", "desktop"])
def test_timeline_text_is_at_least_12px(viewport, open_ledger):
    page = open_ledger(viewport=viewport)
    sizes = page.eval_on_selector_all(
        "figure.ledger-timeline *",
        """els => els.filter(el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                                && el.getClientRects().length > 0 && !el.closest('.ledger-visually-hidden'))
                     .map(el => [el.className || el.tagName, el.textContent.trim().slice(0, 40),
                                 parseFloat(getComputedStyle(el).fontSize)])""")
    assert len(sizes) > 45  # titles, dates, years, legend
    small = [s for s in sizes if s[2] < MIN_TEXT_PX]
    assert not small, f"timeline text under {MIN_TEXT_PX}px at {viewport['width']}px: {small[:5]}"


def test_each_bar_links_to_its_entry(open_ledger, ledger_rows):
    page = open_ledger(viewport=MOBILE)
    links = page.eval_on_selector_all(
        "li.ledger-tl-row", "rows => rows.map(li => [li.dataset.id, li.querySelector('a').hash,"
        " !!li.querySelector('a .ledger-tl-bar'), li.querySelector('.ledger-tl-title').textContent])")
    assert sorted(i for i, *_ in links) == sorted(r["id"] for r in ledger_rows)
    assert all(href == f"#{pid}" and has_bar for pid, href, has_bar, _ in links)
    target = links[len(links) // 2][0]
    page.locator(f"li.ledger-tl-row[data-id='{target}'] .ledger-tl-bar").click(force=True)
    page.wait_for_function("id => location.hash === '#' + id", arg=target)
    entry = page.locator(f"section.ledger-entry[id='{target}']")
    entry.wait_for(state="visible")
    page.wait_for_function("el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top < innerHeight; }",
                           arg=entry.element_handle())
    box = entry.bounding_box()
    assert box is not None and 0 <= box["y"] < MOBILE["height"]


# --- sorting, filtering, reset --------------------------------------------------------------------


def test_sorting_by_each_kind_of_column_and_reset(open_ledger, ledger_rows):
    page = open_ledger()
    essay_order = [r["id"] for r in ledger_rows]
    probability = page.locator("#ledger-table thead th", has_text="Probability")
    probability.locator("button").click()
    assert probability.get_attribute("aria-sort") == "ascending"
    values = page.eval_on_selector_all("#ledger-table tbody tr td:nth-child(3)", "tds => tds.map(td => +td.dataset.sortValue)")
    assert values == sorted(values) and len(set(values)) > 1
    probability.locator("button").click()
    assert probability.get_attribute("aria-sort") == "descending"
    values = page.eval_on_selector_all("#ledger-table tbody tr td:nth-child(3)", "tds => tds.map(td => +td.dataset.sortValue)")
    assert values == sorted(values, reverse=True)
    due = page.locator("#ledger-table thead th", has_text="Falls due")
    due.locator("button").click()
    assert due.get_attribute("aria-sort") == "ascending" and probability.get_attribute("aria-sort") is None
    dues = page.eval_on_selector_all("#ledger-table tbody tr", "rows => rows.map(r => r.dataset.due)")
    assert dues == sorted(dues)
    arrow = due.locator("button").evaluate("b => getComputedStyle(b, '::after').content")
    assert arrow == '"▲"'
    page.locator("[data-ledger-reset]").click()
    assert visible_ids(page) == essay_order
    assert page.locator("#ledger-table th[aria-sort]").count() == 0


def test_filters_by_status_stance_and_due_date_and_reset(open_ledger, ledger_rows):
    today = date(2026, 12, 1)
    page = open_ledger(today=today)
    controls = page.locator("[data-ledger-controls]")
    assert controls.is_visible()
    count = page.locator(".ledger-count")
    assert count.inner_text() == f"Showing all {len(ledger_rows)} forecasts."
    controls.get_by_label(re.compile("^disputed")).uncheck()
    expected = [r["id"] for r in ledger_rows if r["stance"] != "disputed"]
    assert visible_ids(page) == expected
    assert count.inner_text() == f"Showing {len(expected)} of {len(ledger_rows)} forecasts."
    page.select_option("#ledger-due-filter", "year")
    within_a_year = [r["id"] for r in ledger_rows if r["stance"] != "disputed"
                     and 0 <= (date.fromisoformat(r["due"]) - today).days <= 365]
    assert within_a_year and visible_ids(page) == within_a_year
    controls.get_by_label(re.compile("^open")).uncheck()
    assert visible_ids(page) == [r["id"] for r in ledger_rows if r["status"] != "open" and r["id"] in within_a_year]
    page.locator("[data-ledger-reset]").click()
    assert visible_ids(page) == [r["id"] for r in ledger_rows]
    assert page.locator("#ledger-due-filter").input_value() == "all"
    assert all(box.is_checked() for box in controls.locator("input[type=checkbox]").all())


def test_the_due_filter_follows_the_readers_date(open_ledger, ledger_rows):
    today = max(date.fromisoformat(r["due"]) for r in ledger_rows) - timedelta(days=400)
    page = open_ledger(today=today)
    page.select_option("#ledger-due-filter", "past")
    assert visible_ids(page) == [r["id"] for r in ledger_rows if date.fromisoformat(r["due"]) < today]


# --- relative dates and today's line, from the reader's clock -------------------------------------


@pytest.mark.parametrize(("offset", "phrase"), [(23, "(in 23 days)"), (0, "(today)"), (-1, "(yesterday)"),
                                                (-90, "(3 months ago)")])
def test_relative_dates_come_from_the_readers_clock(offset, phrase, open_ledger, ledger_rows):
    due = date.fromisoformat(ledger_rows[0]["due"])
    page = open_ledger(today=due - timedelta(days=offset))
    cell = page.locator(f"#ledger-table tr[data-id='{ledger_rows[0]['id']}'] .ledger-rel")
    assert cell.inner_text() == phrase
    entry = page.locator(f"section.ledger-entry[id='{ledger_rows[0]['id']}'] .ledger-entry-head .ledger-rel")
    assert entry.inner_text() == phrase


def test_todays_line_and_counts_are_drawn_for_the_readers_date(open_ledger, ledger_rows):
    today = date(2028, 7, 1)
    page = open_ledger(today=today)
    figure = page.locator("figure.ledger-timeline")
    start, end = (date.fromisoformat(figure.get_attribute(f"data-domain-{x}")) for x in ("start", "end"))
    left = page.eval_on_selector(".ledger-tl-line--today", "el => parseFloat(el.style.left)")
    assert left == pytest.approx(100 * (today - start).days / (end - start).days, abs=0.01)
    assert page.locator(".ledger-tl-marker--today").inner_text() == "today, 1 July 2028"
    past = sum(date.fromisoformat(r["due"]) < today for r in ledger_rows)
    summary = page.locator("[data-ledger-today]")
    assert summary.inner_text().startswith(f"Today, 1 July 2028: {past} already fell due")
    # The counts add up to the whole ledger (the 90-day ones are told as part of the year's).
    said = re.fullmatch(r"Today, 1 July 2028: (\d+) already fell due, (\d+) fall due within a year "
                        r"\((\d+) of them within 90 days\), (\d+) later\.", summary.inner_text())
    assert said, summary.inner_text()
    past_, year, soon, later = (int(n) for n in said.groups())
    assert past_ + year + later == len(ledger_rows) and soon <= year
    assert soon == sum(0 <= (date.fromisoformat(r["due"]) - today).days <= 90 for r in ledger_rows)
    static = page.locator(".ledger-tl-marker--review").inner_text()
    assert static.startswith("last review, ") and "2028" not in static


# --- head, print, a forecast's own page -----------------------------------------------------------


def test_the_page_names_its_atom_feed_and_calendar(open_ledger):
    page = open_ledger()
    feed = page.locator("head link[rel~='alternate'][type='application/atom+xml']")
    assert feed.count() == 1
    response = page.request.get(feed.evaluate("link => link.href"))
    assert response.ok and b"<feed xmlns=\"http://www.w3.org/2005/Atom\"" in response.body()
    calendar = page.locator(".ledger-follow a[href$='predictions.ics']")
    assert page.request.get(calendar.evaluate("a => a.href")).text().startswith("BEGIN:VCALENDAR")


def test_print_is_a_few_pages_without_controls_or_entries(open_ledger):
    page = open_ledger()
    pdf = page.pdf(format="A4")
    pages = int(re.search(rb"/Type\s*/Pages\b.*?/Count\s+(\d+)", pdf, re.DOTALL).group(1))
    assert pages <= 4, f"the ledger prints on {pages} A4 pages"
    page.emulate_media(media="print")
    assert not page.locator(".ledger-entries").is_visible() and not page.locator("[data-ledger-controls]").is_visible()
    assert page.locator("#ledger-table").is_visible() and page.locator(".ledger-print-note").is_visible()


def test_a_forecasts_own_page_states_status_and_window(open_ledger, ledger_rows, screenshot_dir):
    row = ledger_rows[0]
    page = open_ledger(f"{LEDGER}{row['id']}/", viewport=MOBILE, today=date(2026, 12, 1))
    page.screenshot(path=screenshot_dir / "ledger-forecast-390x844-light.png", full_page=True)
    title = page.locator("meta[property='og:title']").get_attribute("content")
    description = page.locator("meta[property='og:description']").get_attribute("content")
    assert row["status"] in title and ("Window: " in description or "No date in the text" in description)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.get_by_role("link", name="The full entry in the predictions ledger").click()
    page.wait_for_url(re.compile(rf"/predictions/#{row['id']}$"))
