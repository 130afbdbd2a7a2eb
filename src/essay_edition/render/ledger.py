"""Render the predictions ledger: its page, one small page per forecast to share, and its exports.

The ledger page (``predictions/index.md``, URL ``predictions/``) is Markdown whose headings are
Markdown and whose content is raw HTML made by the ``ledger*.html`` templates, which escape every
value. It is complete without JavaScript; ``docs/javascripts/ledger.js`` adds what depends on the
reader's date or choices: relative phrases ("in 23 days") and today's line on the timeline, computed
from the absolute dates written here (the static text states the date of the last review), and
sorting and filtering of the table. Each forecast also gets ``predictions/<id>/``, a short page whose
title and description (the link preview) state its status and window and which leads to its entry.
Every function is pure and returns strings or plain data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from markupsafe import Markup

from ..model import HEDGES, STANCES, STATUSES, EditionModel, LedgerScores, Page, Prediction, ResolvedPrediction
from .front_matter import NOT_IN_SEARCH, front_matter
from .ledger_timeline import MONTHS, long_date, timeline_html
from .links import clock, link, youtube_url
from .templating import fragment, render

__all__ = ["EXPORT_FIELDS", "LedgerSite", "card_page", "ledger_page", "long_date", "pages", "predictions_csv",
           "predictions_export"]

EXPORT_FIELDS: tuple[str, ...] = (
    "id", "quote", "paragraph", "made", "horizon", "review_by", "operationalization", "confidence",
    "status", "as_of", "evidence", "url", "narration_start",
    # added with stances, scores and the review cycle (existing fields keep their names and places)
    "title", "topic", "stance", "hedge", "hedge_of", "probability", "horizon_note", "next_review",
    "review_note", "history",
)
PAGE_URL = "predictions/"
STANCE_LABELS = {"own": "author’s own", "endorsed": "endorsed", "disputed": "disputed"}
STANCE_NOTES = {
    "own": "the author’s own forecast",
    "endorsed": "another’s forecast that the author cites and agrees with",
    "disputed": ("another’s forecast that the author cites and rejects: “came true” means the view he argued "
                 "against came true"),
}
STANCE_SENTENCES = {  # what a link preview says the forecast is
    "own": "The author’s own forecast",
    "endorsed": "Another’s forecast that the author endorses",
    "disputed": "Another’s forecast that the author disputes",
}
DUE_WITHIN_A_YEAR = 365


@dataclass(frozen=True)
class LedgerSite:
    """What the ledger's pages read besides the entries: where the paragraphs are, the narration, the essay."""

    paragraph_urls: Mapping[str, str]  # paragraph id -> site URL (``essay/section/#p-3``)
    narration_starts: Mapping[str, float | None]  # prediction or paragraph id -> second it is spoken
    today: date  # the date statuses are stated as of: the last review
    video_id: str | None = None
    author: str = ""
    essay_title: str = ""
    prefix: str = ""  # the essay's URL prefix, "" or ending in "/"
    feeds: bool = False  # whether ``data/predictions.ics`` and ``.atom`` are written (they need the site's URL)
    address: str = ""  # the ledger page's absolute URL, "" when the site has none
    scores: LedgerScores = LedgerScores()  # how the forecasts have fared (enrich.scores)

    @property
    def page_url(self) -> str:
        """Return the ledger page's site URL."""
        return f"{self.prefix}{PAGE_URL}"

    def card_url(self, prediction: Prediction) -> str:
        """Return the site URL of the forecast's own page."""
        return f"{self.prefix}{PAGE_URL}{prediction.id}/"

    def data_url(self, name: str) -> str:
        """Return the site URL of one of the essay's data exports."""
        return f"{self.prefix}data/{name}"


@dataclass(frozen=True)
class Entry:
    """One forecast as a page shows it: the entry and its links from that page."""

    prediction: Prediction
    essay_href: str
    card_href: str
    entry_href: str  # to its section of the ledger page
    play_href: str | None
    play_at: str | None  # ``M:SS`` of the narration

    @property
    def status_slug(self) -> str:
        """Return the status as a class-name part (``came-true``)."""
        return self.prediction.status.replace(" ", "-")


# ---- wording -------------------------------------------------------------------------------------

def short_date(day: date) -> str:
    """Return a date as ``23 Dec 2025``."""
    return f"{day.day} {MONTHS[day.month - 1][:3]} {day.year}"


def percent(probability: float) -> str:
    """Return a probability as a whole percentage (``80%``)."""
    return f"{round(probability * 100)}%"


def hedge_words(prediction: Prediction) -> str:
    """Return the hedge row the entry's confidence maps to, and which side it governs."""
    words = f"“{prediction.hedge}”"
    return words if prediction.hedge_of == "forecast" else f"{words}, of the opposite"


def window_text(prediction: Prediction) -> str:
    """Return the window in words, or that the text states none and when the entry is reviewed."""
    if prediction.horizon is None:
        return f"none stated in the text; reviewed by {long_date(prediction.due())}"
    return f"{long_date(prediction.horizon.start)} to {long_date(prediction.horizon.end)}"


def status_text(prediction: Prediction) -> str:
    """Return the status with the date it is stated as of (``open as of 30 November 2026``)."""
    return f"{prediction.status} as of {long_date(prediction.as_of)}"


def _due_counts(predictions: Sequence[Prediction], today: date) -> dict[str, int]:
    days = [(p.due() - today).days for p in predictions]
    return {"past": sum(d < 0 for d in days), "year": sum(0 <= d <= DUE_WITHIN_A_YEAR for d in days),
            "later": sum(d > DUE_WITHIN_A_YEAR for d in days)}


def _next_review(predictions: Sequence[Prediction]) -> tuple[date, int] | None:
    """Return the earliest next review among open entries and how many entries have it."""
    dates = [p.next_review() for p in predictions if p.status == "open"]
    if not dates:
        return None
    first = min(dates)
    return first, dates.count(first)


# ---- the pages -----------------------------------------------------------------------------------

def _entry(r: ResolvedPrediction, site: LedgerSite, from_url: str) -> Entry:
    p = r.prediction
    start = _narration_start(site.narration_starts, r)
    play_href = play_at = None
    if site.video_id is not None and start is not None:
        play_href, play_at = youtube_url(site.video_id, start), clock(start)
    return Entry(prediction=p, essay_href=link(from_url, _paragraph_url(site.paragraph_urls, r.paragraph_id)),
                 card_href=link(from_url, site.card_url(p)), entry_href=link(from_url, f"{site.page_url}#{p.id}"),
                 play_href=play_href, play_at=play_at)


def _words() -> dict[str, object]:
    """Return the wording helpers and labels every ledger template reads."""
    return {"long_date": long_date, "short_date": short_date, "percent": percent, "hedge_words": hedge_words,
            "window_text": window_text, "status_text": status_text, "STANCE_LABELS": STANCE_LABELS,
            "STANCE_NOTES": STANCE_NOTES}


def ledger_page(resolved: Sequence[ResolvedPrediction], site: LedgerSite) -> str:
    """Return the Markdown source of the predictions ledger page (``predictions/index.md``)."""
    predictions = [r.prediction for r in resolved]
    from_url = site.page_url
    data = {name: link(from_url, site.data_url(name))
            for name in ("predictions.json", "predictions.csv", "predictions.ics", "predictions.atom")}
    return render(
        "ledger.md", **_words(), site=site, predictions=predictions,
        entries=[_entry(r, site, from_url) for r in resolved], data=data,
        made=sorted({p.made for p in predictions}),
        status_counts=[(s, sum(p.status == s for p in predictions)) for s in STATUSES],
        stance_counts=[(s, sum(p.stance == s for p in predictions)) for s in STANCES],
        due_counts=_due_counts(predictions, site.today), next_review=_next_review(predictions),
        scores=_scores(predictions, site.scores), timeline=timeline_html(resolved, site.today),
        STATUS_ORDER={s: i for i, s in enumerate(STATUSES)}, STANCE_ORDER={s: i for i, s in enumerate(STANCES)},
    )


def _scores(predictions: Sequence[Prediction], scores: LedgerScores) -> Markup:
    used = {h.words: sum(p.hedge == h.words for p in predictions) for h in HEDGES}
    return fragment("ledger_scores.html", **_words(), predictions=predictions, resolved=list(scores.resolved),
                    scored=list(scores.scored), brier=scores.brier, calibration=list(scores.calibration),
                    tallies=list(scores.tallies), hedges=HEDGES, used=used)


def card_meta(prediction: Prediction, site: LedgerSite) -> dict[str, str]:
    """Return the title and description of a forecast's own page: what a link preview shows."""
    p = prediction
    due = f"due {long_date(p.due())}" if p.horizon is not None else f"review {long_date(p.due())}"
    window = (f"Window: {long_date(p.horizon.start)} to {long_date(p.horizon.end)}." if p.horizon is not None
              else f"No date in the text; reviewed by {long_date(p.due())}.")
    whose = f"{site.author}’s essay" if site.author else "the essay"
    source = f"{whose} “{site.essay_title}”" if site.essay_title else whose
    return {
        "title": f"{p.title} ({p.status}; {due})",
        "description": (f"{p.status.capitalize()} as of {long_date(p.as_of)}. {window} {STANCE_SENTENCES[p.stance]}, "
                        f"from {source}; the author’s probability that it comes true: {percent(p.probability)}."),
    }


def card_page(r: ResolvedPrediction, site: LedgerSite) -> str:
    """Return the Markdown source of a forecast's own page (``predictions/<id>/index.md``)."""
    meta = card_meta(r.prediction, site)
    from_url = site.card_url(r.prediction)
    fields: dict[str, object] = {**meta, "og_type": "article", **NOT_IN_SEARCH}
    if site.feeds:
        fields["atom_feed"] = _feed_link(site, from_url)
    return front_matter(fields) + render("ledger_card.md", **_words(), site=site, entry=_entry(r, site, from_url))


def _feed_link(site: LedgerSite, from_url: str) -> dict[str, str]:
    return {"href": link(from_url, site.data_url("predictions.atom")),
            "title": f"Forecasts of “{site.essay_title}”: status changes" if site.essay_title else "Status changes"}


def _paragraph_url(paragraph_urls: Mapping[str, str], paragraph_id: str) -> str:
    try:
        return paragraph_urls[paragraph_id]
    except KeyError:
        raise KeyError(f"no URL for paragraph {paragraph_id!r}") from None


def _narration_start(narration_starts: Mapping[str, float | None], r: ResolvedPrediction) -> float | None:
    """The second the quote is spoken: keyed by prediction id, else by the paragraph's id."""
    if r.prediction.id in narration_starts:
        return narration_starts[r.prediction.id]
    return narration_starts.get(r.paragraph_id)


# ---- exports -------------------------------------------------------------------------------------

def predictions_export(resolved: Sequence[ResolvedPrediction], paragraph_urls: Mapping[str, str],
                       narration_starts: Mapping[str, float | None]) -> list[dict[str, object]]:
    """Return one JSON-ready record per prediction with exactly the fields of :data:`EXPORT_FIELDS`."""
    rows: list[dict[str, object]] = []
    for r in resolved:
        p = r.prediction
        rows.append({
            "id": p.id,
            "quote": p.quote,
            "paragraph": r.paragraph_id,
            "made": p.made.isoformat(),
            "horizon": ({"start": p.horizon.start.isoformat(), "end": p.horizon.end.isoformat()}
                        if p.horizon else None),
            "review_by": p.review_by.isoformat() if p.review_by else None,
            "operationalization": _test(p),
            "confidence": p.confidence,
            "status": p.status,
            "as_of": p.as_of.isoformat(),
            "evidence": [{"title": e.title, "url": e.url, "accessed": e.accessed.isoformat(), "quote": e.quote}
                         for e in p.evidence],
            "url": _paragraph_url(paragraph_urls, r.paragraph_id),
            "narration_start": _narration_start(narration_starts, r),
            "title": p.title,
            "topic": p.topic,
            "stance": p.stance,
            "hedge": p.hedge,
            "hedge_of": p.hedge_of,
            "probability": p.probability,
            "horizon_note": p.horizon_note,
            "next_review": p.next_review().isoformat(),
            "review_note": p.review_note,
            "history": [{"as_of": h.as_of.isoformat(), "status": h.status, "note": h.note} for h in p.history],
        })
    return rows


def _test(p: Prediction) -> dict[str, str | None]:
    o = p.operationalization
    return {"true": o.true, "false": o.false, "source": o.source, "between": o.between, "note": o.note}


def predictions_csv(rows: Sequence[Mapping[str, object]]) -> str:
    """Return the export rows as CSV with the :data:`EXPORT_FIELDS` columns; nested values as JSON."""
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_FIELDS, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(key, row[key]) for key in EXPORT_FIELDS})
    return out.getvalue()


_JSON_COLUMNS = frozenset({"horizon", "operationalization", "evidence", "history"})


_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(key: str, value: object) -> str:
    if key in _JSON_COLUMNS:  # always JSON, so ``null`` and ``[]`` survive the round trip
        return json.dumps(value, ensure_ascii=False)
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    text = str(value)
    # A spreadsheet runs a cell that starts like a formula: OWASP's advice is a leading apostrophe,
    # which spreadsheets show as text and hide.
    return "'" + text if text.startswith(_FORMULA_STARTS) else text


def ledger_site(m: EditionModel) -> LedgerSite:
    """Return what the ledger's pages read from the model besides the entries (the model must have a date)."""
    assert m.today is not None  # an edition with ledger entries is dated by their reviews
    return LedgerSite(
        paragraph_urls={x.id: x.url for s in m.sections for x in s.paragraphs},
        narration_starts={x.id: (x.narration.start if x.narration else None) for s in m.sections for x in s.paragraphs},
        today=m.today, video_id=m.captions.video_id if m.captions else None, author=m.layout.author,
        essay_title=m.essay.title, prefix=m.prefix,
        feeds=bool(m.site_url),  # render.site writes the calendar and the feed only with the site's URL
        address=m.absolute(f"{m.prefix}{PAGE_URL}"), scores=m.ledger.scores,
    )


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the predictions ledger page and one page per forecast (only the page, saying so, when there is none)."""
    if not m.ledger.predictions or m.today is None:
        empty = {"title": "Predictions ledger", "description": "No forecast of the essay is in the ledger yet."}
        yield Page(f"{m.prefix}{PAGE_URL}index.md", front_matter(empty) + render("ledger_empty.md"),
                   ("Predictions ledger",))
        return
    site = ledger_site(m)
    n = len(m.ledger.predictions)
    fields: dict[str, object] = {"title": "Predictions ledger",
                                 "description": f"Every forecast in the essay ({n}), whose it is, when it falls due, "
                                                f"how it is tested and its status as of {long_date(site.today)}."}
    if site.feeds:
        fields["atom_feed"] = _feed_link(site, site.page_url)
    yield Page(f"{site.page_url}index.md", front_matter(fields) + ledger_page(m.ledger.predictions, site),
               ("Predictions ledger",))
    for r in m.ledger.predictions:
        yield Page(f"{site.card_url(r.prediction)}index.md", card_page(r, site))
