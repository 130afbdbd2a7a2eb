"""Render the predictions ledger: its page (summary, timeline, table, one section per entry) and exports.

The page is Markdown source for ``predictions/index.md`` (URL ``predictions/``): headings are
Markdown, everything carrying source or curated text is a raw HTML block with every character
escaped by :func:`~essay_edition.render.text.html_text`. The table is complete without JavaScript;
``docs/javascripts/ledger.js`` only adds sorting and filtering on the ``data-`` attributes written
here. The timeline is an SVG drawn at build time in ``currentColor``, so it reads in both colour
schemes. Every function is pure and returns strings or plain data.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import date

from ..enrich.predictions import STATUSES, Prediction, ResolvedPrediction
from ..model import EditionModel, Page
from .front_matter import front_matter
from .ledger_timeline import timeline_svg
from .links import clock, link, youtube_url
from .text import html_text

__all__ = ["EXPORT_FIELDS", "falls_due", "ledger_page", "predictions_csv", "predictions_export", "timeline_svg"]

EXPORT_FIELDS: tuple[str, ...] = (
    "id", "quote", "paragraph", "made", "horizon", "review_by", "operationalization", "confidence",
    "status", "as_of", "evidence", "url", "narration_start",
    # added with stances, scores and the review cycle (existing fields keep their names and places)
    "title", "topic", "stance", "hedge", "hedge_of", "probability", "horizon_note", "next_review",
    "review_note", "history",
)
PAGE_URL = "predictions/"
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December")
_DUE_FILTERS = (("all", "any time"), ("past", "already due"), ("year", "within a year"),
                ("later", "more than a year away"), ("undated", "no date in the text (see review date)"))


# ---- wording -------------------------------------------------------------------------------------

def long_date(day: date) -> str:
    """Return a date as ``23 December 2025`` (locale-independent)."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _time(day: date) -> str:
    return f'<time datetime="{day.isoformat()}">{long_date(day)}</time>'


def _distance(days: int) -> str:
    n = abs(days)
    if n < 60:
        amount = f"{n} day" + ("" if n == 1 else "s")
    elif n < 730:
        amount = f"{round(n / 30.44)} months"
    else:
        amount = f"about {round(n / 365.25)} years"
    return f"in {amount}" if days >= 0 else f"{amount} ago"


def falls_due(prediction: Prediction, today: date) -> str:
    """Return plain-text wording of when the prediction falls due, relative to ``today``."""
    if prediction.horizon is None:
        assert prediction.review_by is not None
        when = prediction.review_by
        if when < today:
            return f"no date in the text; its review was due {long_date(when)} ({_distance((when - today).days)})"
        return f"no date in the text; review by {long_date(when)} ({_distance((when - today).days)})"
    start, end = prediction.horizon.start, prediction.horizon.end
    if end < today:
        return f"fell due {long_date(end)} ({_distance((end - today).days)})"
    if start > today:
        return f"window opens {long_date(start)}; falls due {long_date(end)} ({_distance((end - today).days)})"
    return f"window open; falls due {long_date(end)} ({_distance((end - today).days)})"


def _due_group(prediction: Prediction, today: date) -> str:
    if prediction.horizon is None:
        return "undated"
    days = (prediction.horizon.end - today).days
    return "past" if days < 0 else "year" if days <= 365 else "later"


def _horizon_text(prediction: Prediction) -> str:
    if prediction.horizon is None:
        return f"none stated; review by {_time(prediction.due())}"
    return f"{_time(prediction.horizon.start)} to {_time(prediction.horizon.end)}"


def _status_slug(status: str) -> str:
    return status.replace(" ", "-")


# ---- the page ------------------------------------------------------------------------------------

def ledger_page(resolved: Sequence[ResolvedPrediction], paragraph_urls: Mapping[str, str],
                narration_starts: Mapping[str, float | None], today: date, video_id: str | None,
                author: str = "", title: str = "", page_url: str = PAGE_URL) -> str:
    """Return the Markdown source of the predictions ledger page (``predictions/index.md``)."""
    parts = [
        "# Predictions ledger\n",
        _intro(resolved, today, author, title),
        "## Summary\n",
        _summary(resolved, today),
        "## Timeline\n",
        _figure(resolved, today),
        "## All predictions\n",
        _controls(resolved),
        _table(resolved, today),
        "## The predictions one by one\n",
        *(_entry(r, paragraph_urls, narration_starts, today, video_id, page_url) for r in resolved),
    ]
    return "\n".join(parts)


def _figure(resolved: Sequence[ResolvedPrediction], today: date) -> str:
    caption = ("Each bar spans the window in which a prediction falls due. Solid bars: a window stated in the "
               "text. Dashed bars: no date in the text, drawn up to the review date. The dashed vertical line "
               "marks today.")
    return f'<figure class="ledger-timeline">\n{timeline_svg(resolved, today)}\n<figcaption>{caption}</figcaption>\n</figure>\n'


def _intro(resolved: Sequence[ResolvedPrediction], today: date, author: str, title: str) -> str:
    made = sorted({r.prediction.made for r in resolved})
    made_text = ", ".join(long_date(d) for d in made) or "—"
    whose = f"{html_text(author)}’s essay" if author else "the essay"
    return (
        '<div class="ledger-intro">\n'
        f"<p>Every forward-looking statement in {whose} <cite>{html_text(title)}</cite>"
        f" (published {made_text}): {len(resolved)} predictions, each quoted verbatim and linked to its paragraph "
        "in the essay and, where the narration reads it, to that moment in the video. For each, the ledger works "
        "out from the text when it falls due, says what would make it true or false, and keeps the author’s own "
        "hedge words as its confidence.</p>\n"
        f"<p>Statuses are as of {_time(today)}. A prediction stays <em>open</em> until evidence has been "
        "reviewed; no status changes without the sources that justify it being listed with it. Conditional "
        "forecasts (“if … then …”) are included and fall due only once their condition can be checked.</p>\n"
        "</div>\n"
    )


def _summary(resolved: Sequence[ResolvedPrediction], today: date) -> str:
    counts = {s: sum(r.prediction.status == s for r in resolved) for s in STATUSES}
    groups = {key: sum(_due_group(r.prediction, today) == key for r in resolved) for key, _ in _DUE_FILTERS[1:]}
    review_soon = sum(r.prediction.horizon is None and (r.prediction.due() - today).days <= 365 for r in resolved)
    status_items = "".join(
        f'<li class="ledger-status--{_status_slug(s)}"><strong>{counts[s]}</strong> {html_text(s)}</li>'
        for s in STATUSES)
    labels = {"past": "already fell due", "year": "fall due within a year", "later": "fall due later",
              "undated": f"state no date ({review_soon} of them come up for review within a year)"}
    due_items = "".join(f"<li><strong>{groups[key]}</strong> {html_text(labels[key])}</li>" for key in labels)
    return (
        f'<div class="ledger-summary">\n<p>{len(resolved)} predictions, by status:</p>\n'
        f'<ul class="ledger-summary-status">{status_items}</ul>\n'
        f'<p>By when they fall due, as of {_time(today)}:</p>\n<ul class="ledger-summary-due">{due_items}</ul>\n'
        "</div>\n"
    )


def _controls(resolved: Sequence[ResolvedPrediction]) -> str:
    present = [s for s in STATUSES if any(r.prediction.status == s for r in resolved)]
    buttons = "".join(
        f'<button type="button" class="ledger-filter" aria-pressed="true" data-filter-status="{html_text(s)}">'
        f"{html_text(s)}</button>" for s in present)
    options = "".join(f'<option value="{key}">{html_text(label)}</option>' for key, label in _DUE_FILTERS)
    # Hidden until ledger.js runs: without JavaScript the controls would do nothing.
    return (
        '<div class="ledger-controls" data-ledger-controls hidden>\n'
        f'<div role="group" aria-label="Show predictions with status">Status: {buttons}</div>\n'
        f'<p><label for="ledger-due-filter">Falls due</label> <select id="ledger-due-filter" '
        f'data-filter-due>{options}</select></p>\n'
        '<p class="ledger-count" role="status" aria-live="polite"></p>\n'
        "</div>\n"
    )


def _table(resolved: Sequence[ResolvedPrediction], today: date) -> str:
    heads = [("Prediction", "text"), ("Topic", "text"), ("Confidence", "text"), ("Horizon", "date"),
             ("Falls due", "date"), ("Status", "text")]
    head = "".join(f'<th scope="col" data-sort="{kind}">{label}</th>' for label, kind in heads)
    rows = "\n".join(_row(r, today) for r in resolved)
    return (
        f'<table class="ledger-table" id="ledger-table" data-today="{today.isoformat()}">\n'
        f"<caption>The {len(resolved)} predictions of the essay, in essay order</caption>\n"
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{rows}\n</tbody>\n</table>\n"
    )


def _row(r: ResolvedPrediction, today: date) -> str:
    p = r.prediction
    start = p.horizon.start.isoformat() if p.horizon else ""
    end = p.horizon.end.isoformat() if p.horizon else ""
    review = p.review_by.isoformat() if p.review_by else ""
    attrs = (f'data-id="{html_text(p.id)}" data-status="{html_text(p.status)}" data-topic="{html_text(p.topic or "")}" '
             f'data-horizon-start="{start}" data-horizon-end="{end}" data-review-by="{review}" '
             f'data-due="{p.due().isoformat()}" data-due-group="{_due_group(p, today)}"')
    return (
        f"<tr {attrs}>"
        f'<th scope="row"><a href="#{html_text(p.id)}">{html_text(p.title)}</a></th>'
        f"<td>{html_text(p.topic or '—')}</td>"
        f"<td>{html_text(p.confidence)}</td>"
        f'<td data-sort-value="{start or p.due().isoformat()}">{_horizon_text(p)}</td>'
        f'<td data-sort-value="{p.due().isoformat()}">{html_text(falls_due(p, today))}</td>'
        f'<td data-sort-value="{STATUSES.index(p.status)}"><span class="ledger-status '
        f'ledger-status--{_status_slug(p.status)}">{html_text(p.status)}</span></td>'
        "</tr>"
    )


def _entry(r: ResolvedPrediction, paragraph_urls: Mapping[str, str], narration_starts: Mapping[str, float | None],
           today: date, video_id: str | None, page_url: str) -> str:
    p = r.prediction
    pid = html_text(p.id)
    links = [(f'<a href="{html_text(link(page_url, _paragraph_url(paragraph_urls, r.paragraph_id)))}">Read it in the '
             "essay</a>")]
    start = _narration_start(narration_starts, r)
    if start is not None and video_id:
        links.append(f'<a class="play" href="{html_text(youtube_url(video_id, start))}" '
                     f'aria-label="Play the narration from {clock(start)}">▶ {clock(start)}</a>')
    note = f'<br><span class="ledger-note">{html_text(p.horizon_note)}</span>' if p.horizon_note else ""
    facts = [
        ("Made", _time(p.made)),
        ("Horizon", _horizon_text(p) + note),
        ("Falls due", html_text(falls_due(p, today))),
        ("True if", html_text(p.operationalization.true)),
        ("False if", html_text(p.operationalization.false)),
        ("Confidence", html_text(p.confidence)),
        ("Topic", html_text(p.topic or "—")),
        ("Status", (f'<span class="ledger-status ledger-status--{_status_slug(p.status)}">{html_text(p.status)}'
                   f"</span>, as of {_time(p.as_of)}")),
        ("Evidence", _evidence(p)),
    ]
    dl = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in facts)
    return (
        f'<section class="ledger-entry" id="{pid}" data-status="{html_text(p.status)}">\n'
        f'<h3>{html_text(p.title)} <a class="headerlink" href="#{pid}" '
        f'aria-label="Permalink to the prediction: {html_text(p.title)}" title="Link to this prediction">#</a></h3>\n'
        f'<blockquote class="ledger-quote"><p>{html_text(p.quote)}</p></blockquote>\n'
        f'<p class="ledger-links">{" · ".join(links)}</p>\n'
        f'<dl class="ledger-facts">{dl}</dl>\n'
        "</section>\n"
    )


def _evidence(p: Prediction) -> str:
    if not p.evidence:
        return "none reviewed yet"
    items = "".join(f'<li><a href="{html_text(e.url)}">{html_text(e.title)}</a></li>' for e in p.evidence)
    return f"<ul>{items}</ul>"


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


def pages(m: EditionModel) -> Iterable[Page]:
    """Return the predictions ledger page."""
    p = m.prefix
    urls = {x.id: x.url for s in m.sections for x in s.paragraphs}
    starts = {x.id: (x.narration.start if x.narration else None) for s in m.sections for x in s.paragraphs}
    fm = front_matter({"title": "Predictions ledger",
                       "description": f"Every forecast in the essay ({len(m.ledger.predictions)}), with its horizon "
                                      "and status."})
    if not m.ledger.predictions or m.today is None:
        page = ("# Predictions ledger\n\n<p>No forecast of this essay has been reviewed into the ledger yet. "
                "The sentences that read like forecasts wait on the review queue (<code>essay-edition review</code>)."
                "</p>\n")
    else:
        page = ledger_page(m.ledger.predictions, urls, starts, m.today, m.captions.video_id if m.captions else None,
                           m.layout.author, m.essay.title, f"{p}predictions/")
    yield Page(f"{p}predictions/index.md", fm + page, ("Predictions ledger",))
