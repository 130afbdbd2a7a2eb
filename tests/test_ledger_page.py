"""The predictions ledger page, its timeline and each forecast's own page, rendered and read back as HTML.

Built from this essay's model (and copies of it with verdicts, a site address or hostile text), the
pages are parsed and judged by their elements: every entry is in the timeline, the table and the
entries, linked; the page states absolute dates only (relative phrases are the browser's); stance,
hedge and probability are shown; scores appear once anything resolves; the feed and calendar are
linked when the site writes them; a forecast's own page states its status and window.
"""

from __future__ import annotations

import posixpath
import re
from dataclasses import replace
from datetime import date

import pytest
from edition_data import HOSTILE, assert_inert, edition_model, page_soup, visible

from essay_edition.enrich.hedges import HEDGES
from essay_edition.enrich.predictions import STANCES, Evidence, ResolvedPrediction
from essay_edition.enrich.scores import brier_score, calibration_table
from essay_edition.model import EditionModel
from essay_edition.render import ledger
from essay_edition.render.chart import Scale
from essay_edition.render.ledger import LedgerSite, card_page, ledger_page, percent
from essay_edition.render.ledger_timeline import domain, gridlines, timeline_rows

SITE_URL = "https://example.org/edition/"
# What build-time wording relative to a date looked like: "(in 38 days)", "(2 months ago)", "today, 2026-11-23".
RELATIVE = re.compile(r"\((in (about )?\d+ \w+|\d+ \w+ ago|today|tomorrow|yesterday)\)|\btoday, \d", re.IGNORECASE)


@pytest.fixture(scope="module")
def model() -> EditionModel:
    return edition_model()


def resolve(from_url: str, href: str) -> str:
    """Return the site URL that ``href`` on the page at ``from_url`` leads to (directory URLs end in "/")."""
    path, _, fragment = href.partition("#")
    target = posixpath.normpath(posixpath.join("/" + from_url, path)).lstrip("/") + "/"
    return target + (f"#{fragment}" if fragment else "")


def ledger_soup(m: EditionModel):
    page = next(iter(ledger.pages(m)))
    return page_soup(page.markdown)


def with_verdicts(m: EditionModel, verdicts: dict[str, str]) -> EditionModel:
    """Return a copy of the model whose entries ``verdicts`` names have those statuses, with evidence and a note."""
    evidence = (Evidence(url="https://example.org/report", title="A report", accessed=date(2027, 1, 2),
                         quote="The figure."),)
    changed = []
    for r in m.ledger.predictions:
        status = verdicts.get(r.prediction.id)
        if status:
            prediction = r.prediction.model_copy(update={"status": status, "as_of": date(2027, 1, 2),
                                                         "evidence": evidence, "review_note": "Settled."})
            r = replace(r, prediction=prediction)
        changed.append(r)
    return replace(m, ledger=replace(m.ledger, predictions=changed), today=date(2027, 1, 2))


# --- every entry, linked, in the timeline, the table and the entries ------------------------------


def test_every_entry_is_in_the_timeline_the_table_and_the_entries(model: EditionModel) -> None:
    _, soup = ledger_soup(model)
    ids = [r.prediction.id for r in model.ledger.predictions]
    assert [s["id"] for s in soup.select("section.ledger-entry")] == ids
    assert [tr["data-id"] for tr in soup.select("#ledger-table tbody tr")] == ids
    rows = soup.select("li.ledger-tl-row")
    assert sorted(li["data-id"] for li in rows) == sorted(ids)
    for li in rows:  # each bar links to its entry, labelled with the entry's title
        link_ = li.select_one("a.ledger-tl-link")
        assert link_["href"] == f"#{li['data-id']}" and link_.select_one(".ledger-tl-bar") is not None
        title = next(r.prediction.title for r in model.ledger.predictions if r.prediction.id == li["data-id"])
        assert link_.select_one(".ledger-tl-title").get_text() == title
    dues = [li["data-due"] for li in rows]
    assert dues == sorted(dues)


def test_timeline_bars_sit_inside_the_track_on_the_year_grid(model: EditionModel) -> None:
    resolved = model.ledger.predictions
    first, after = domain(resolved, model.today)
    scale = Scale(first.toordinal(), after.toordinal(), 0.0, 100.0)
    rows = timeline_rows(resolved, scale)
    assert all(0 <= row.left and row.left + row.width <= 100.01 and row.width > 0 for row in rows)
    grid = gridlines(first, after, scale)
    labels = [g.label for g in grid if g.label]
    assert labels and all(int(x) % 5 == 0 for x in labels[1:])
    assert [g.left for g in grid] == sorted(g.left for g in grid)
    _, soup = ledger_soup(model)
    figure = soup.select_one("figure.ledger-timeline")
    assert (figure["data-domain-start"], figure["data-domain-end"]) == (first.isoformat(), after.isoformat())
    undated = soup.select(".ledger-tl-track .ledger-tl-bar--undated")
    assert len(undated) == sum(r.prediction.horizon is None for r in resolved)


def test_entry_links_land_on_the_essay_and_the_forecasts_own_page(model: EditionModel) -> None:
    pages = list(ledger.pages(model))
    _, soup = page_soup(pages[0].markdown)
    card_paths = {p.path for p in pages[1:]}
    for section in soup.select("section.ledger-entry"):
        share = next(a for a in section.select(".ledger-links a") if a.get_text() == "Page to share")
        assert resolve(pages[0].url, share["href"]) == f"predictions/{section['id']}/"
        assert f"predictions/{section['id']}/index.md" in card_paths


# --- dates: absolute on the page, relative in the browser -----------------------------------------


def test_the_page_states_dates_and_leaves_relative_phrases_to_the_browser(model: EditionModel) -> None:
    _, soup = ledger_soup(model)
    assert not RELATIVE.findall(visible(soup)), RELATIVE.findall(visible(soup))
    spans = soup.select("[data-relative]")
    assert spans and all(s.get_text() == "" and date.fromisoformat(s["data-relative"]) for s in spans)
    for time in soup.find_all("time"):
        day = date.fromisoformat(time["datetime"])
        assert str(day.year) in time.get_text() and str(day.day) in time.get_text()
    stated = soup.select_one(".ledger-summary").find("time", datetime=model.today.isoformat())
    assert stated.parent.get_text().startswith(f"As of {ledger.long_date(model.today)}:")
    assert soup.select_one("[data-ledger-today]").has_attr("hidden")


# --- stance, hedge, probability, filters ----------------------------------------------------------


def test_table_shows_stance_hedge_and_probability_and_sorts_by_values(model: EditionModel) -> None:
    _, soup = ledger_soup(model)
    headers = [th.get_text() for th in soup.select("#ledger-table thead th")]
    assert headers == ["Forecast", "Stance", "Probability", "Falls due", "Status"]
    assert not soup.select("[aria-sort]")  # set by ledger.js, where sorting works
    for tr, r in zip(soup.select("#ledger-table tbody tr"), model.ledger.predictions):
        p = r.prediction
        cells = tr.find_all("td")
        assert tr["data-stance"] == p.stance and cells[0].get_text() == ledger.STANCE_LABELS[p.stance]
        assert float(cells[1]["data-sort-value"]) == p.probability
        assert cells[1].strong.get_text() == percent(p.probability) and f"“{p.hedge}”" in cells[1].get_text()
        assert (p.hedge_of == "negation") == ("of the opposite" in cells[1].get_text())
        assert cells[2]["data-sort-value"] == tr["data-due"] == p.due().isoformat()
        assert all(td.has_attr("data-label") for td in cells)


def test_filters_offer_each_status_and_stance_present_and_a_reset(model: EditionModel) -> None:
    _, soup = ledger_soup(model)
    controls = soup.select_one("[data-ledger-controls]")
    assert controls.has_attr("hidden")  # shown by ledger.js, which makes them work
    stances = [i["value"] for i in controls.select("input[data-filter='stance']")]
    assert stances == [s for s in STANCES if any(r.prediction.stance == s for r in model.ledger.predictions)]
    assert [i["value"] for i in controls.select("input[data-filter='status']")] == ["open"]
    assert controls.select_one("select[data-filter='due']") is not None
    assert controls.select_one("button[data-ledger-reset]").get_text().startswith("Reset")


def test_each_entry_states_whose_it_is_and_the_probability_of_its_hedge(model: EditionModel) -> None:
    _, soup = ledger_soup(model)
    for section, r in zip(soup.select("section.ledger-entry"), model.ledger.predictions):
        facts = dict(zip([dt.get_text() for dt in section.select("dt")], section.select("dd")))
        assert facts["Whose"].get_text() == ledger.STANCE_NOTES[r.prediction.stance]
        assert percent(r.prediction.probability) in facts["Confidence"].get_text()
        assert facts["Who measures"].get_text() == r.prediction.operationalization.source


# --- scores ---------------------------------------------------------------------------------------


def test_with_nothing_resolved_the_scores_say_so(model: EditionModel) -> None:
    _, soup = ledger_soup(model)
    scores = soup.select_one(".ledger-scores")
    assert scores.select_one(".ledger-nothing").get_text().startswith("Nothing has resolved yet.")
    assert not scores.select(".ledger-calibration, .ledger-tallies")
    hedges = scores.select(".ledger-hedges tbody tr")
    assert [tr.th.get_text() for tr in hedges] == [h.words for h in HEDGES]
    used = sum(int(tr.find_all("td")[-1].get_text()) for tr in hedges)
    assert used == len(model.ledger.predictions)


def test_once_entries_resolve_the_scores_show_brier_calibration_and_tallies(model: EditionModel) -> None:
    ids = [r.prediction.id for r in model.ledger.predictions]
    resolved = with_verdicts(model, {ids[0]: "came true", ids[1]: "came false", ids[2]: "partly",
                                     ids[3]: "unresolvable"})
    _, soup = ledger_soup(resolved)
    scores = soup.select_one(".ledger-scores")
    predictions = [r.prediction for r in resolved.ledger.predictions]
    assert scores.select_one(".ledger-nothing") is None
    assert f"Brier score is {brier_score(predictions):.3f}" in visible(scores)
    assert len(scores.select(".ledger-calibration tbody tr")) == len(calibration_table(predictions))
    tallies = {tr.th.get_text(): [td.get_text() for td in tr.find_all("td")]
               for tr in scores.select(".ledger-tallies tbody tr")}
    stances = {p.stance for p in predictions[:4]}
    assert set(tallies) == {ledger.STANCE_LABELS[s] for s in stances}
    counted = sum(int(x) for row in tallies.values() for x in row[:4])
    assert counted == 4
    assert [i["value"] for i in soup.select("input[data-filter='status']")] == [
        "open", "came true", "partly", "came false", "unresolvable"]


# --- feeds, the calendar, a forecast's own page ---------------------------------------------------


def test_feed_and_calendar_are_linked_only_when_the_site_writes_them(model: EditionModel) -> None:
    front, soup = ledger_soup(model)
    assert "atom_feed" not in front and not soup.select("a[href$='.atom'], a[href$='.ics']")
    front, soup = ledger_soup(replace(model, site_url=SITE_URL))
    assert front["atom_feed"]["href"] == "../data/predictions.atom"
    hrefs = {a["href"] for a in soup.select(".ledger-follow a")}
    assert {"../data/predictions.ics", "../data/predictions.atom", "../data/predictions.json",
            "../data/predictions.csv"} <= hrefs
    assert f"{SITE_URL}predictions/" in soup.select_one(".ledger-print-note").get_text()


def test_a_forecasts_own_page_states_its_status_and_window_and_leads_to_its_entry(model: EditionModel) -> None:
    m = replace(model, site_url=SITE_URL)
    urls = {x.id: x.url for s in m.sections for x in s.paragraphs}
    pages = list(ledger.pages(m))
    assert len(pages) == len(m.ledger.predictions) + 1 and all(p.nav == () for p in pages[1:])
    for page, r in zip(pages[1:], m.ledger.predictions):
        p = r.prediction
        front, soup = page_soup(page.markdown)
        assert page.path == f"predictions/{p.id}/index.md"
        assert p.status in front["title"] and ledger.long_date(p.due()) in front["title"]
        assert front["description"].startswith(f"{p.status.capitalize()} as of {ledger.long_date(p.as_of)}.")
        window = (f"{ledger.long_date(p.horizon.start)} to {ledger.long_date(p.horizon.end)}" if p.horizon
                  else f"reviewed by {ledger.long_date(p.due())}")
        assert window in front["description"]
        assert front["search"] == {"exclude": True} and front["atom_feed"]["href"] == "../../data/predictions.atom"
        links = {a.get_text(): a["href"] for a in soup.select(".ledger-links a")}
        assert resolve(page.url, links["The full entry in the predictions ledger"]) == f"predictions/#{p.id}"
        assert resolve(page.url, links["Read it in the essay"]) == urls[r.paragraph_id]


# --- hostile text ---------------------------------------------------------------------------------


def hostile(resolved: ResolvedPrediction) -> ResolvedPrediction:
    p = resolved.prediction
    test = p.operationalization.model_copy(update={"true": HOSTILE, "source": HOSTILE, "note": HOSTILE})
    return replace(resolved, prediction=p.model_copy(update={
        "title": HOSTILE, "quote": HOSTILE, "confidence": HOSTILE, "horizon_note": HOSTILE, "operationalization": test}))


def test_hostile_entry_text_renders_as_text_on_the_ledger_and_its_own_page(model: EditionModel) -> None:
    resolved = [hostile(model.ledger.predictions[0]), *model.ledger.predictions[1:]]
    site = LedgerSite({x.id: x.url for s in model.sections for x in s.paragraphs}, {}, model.today,
                      author=HOSTILE, essay_title=HOSTILE)
    _, soup = page_soup("---\n---\n" + ledger_page(resolved, site))
    assert_inert(soup)
    section = soup.select("section.ledger-entry")[0]
    assert section.select_one("blockquote.ledger-quote").get_text() == HOSTILE
    assert soup.select_one("li.ledger-tl-row[data-id] .ledger-tl-title") is not None
    titles = [t.get_text() for t in soup.select(".ledger-tl-title")]
    assert HOSTILE in titles
    front, card = page_soup(card_page(resolved[0], site))
    assert_inert(card)
    assert card.select_one("blockquote.ledger-quote").get_text() == HOSTILE
    assert front["title"].startswith(HOSTILE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")[:40])


def test_an_essay_with_no_forecast_gets_a_ledger_page_that_says_so(model: EditionModel) -> None:
    empty = replace(model, ledger=replace(model.ledger, predictions=[]))
    pages = list(ledger.pages(empty))
    assert [p.path for p in pages] == ["predictions/index.md"]
    front, soup = page_soup(pages[0].markdown)
    assert front["title"] == "Predictions ledger"
    assert visible(soup).startswith("Predictions ledger No forecast of this essay has been reviewed into the ledger yet.")
