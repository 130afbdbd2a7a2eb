"""The ledger as a calendar and a feed: ``predictions.ics`` (icalendar) and an Atom feed (feedgen).

The calendar has one all-day event per entry, on the day it is next due for review
(:meth:`~essay_edition.enrich.predictions.Prediction.next_review`: ``review_by``, else the end of its
horizon), titled with the entry's title and linking back to its section of the ledger page. The feed
has one item per change: each entry's creation when the essay was published, and each review
(earlier ones from ``history``, then the latest, ``as_of``), saying whether the status changed.

Both are pure functions of the data: every date comes from the entries (an event's DTSTAMP is the
entry's last review, the feed's ``updated`` its latest change), never from the clock, so two builds
of the same data give the same bytes. Links must be absolute, as calendar and feed readers fetch them
from elsewhere.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from urllib.parse import urlsplit

from feedgen.feed import FeedGenerator
from icalendar import Calendar, Event, vText

from ..model import Prediction

PRODID = "-//essay-edition//Predictions ledger//EN"


def _absolute(url: str, what: str) -> str:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ValueError(f"{what} must be an absolute http(s) URL, not {url!r}")
    return url


def _entry_url(ledger_url: str, prediction: Prediction) -> str:
    return f"{ledger_url.split('#', 1)[0]}#{prediction.id}"


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=UTC)


# ---- calendar ------------------------------------------------------------------------------------

def predictions_ics(predictions: Sequence[Prediction], ledger_url: str, calendar_name: str) -> str:
    """Return an iCalendar file with one all-day event per entry, on its next review date."""
    _absolute(ledger_url, "ledger_url")
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", vText(calendar_name))  # an X- property is only escaped as text when typed
    for prediction in sorted(predictions, key=lambda p: (p.next_review(), p.id)):
        calendar.add_component(_event(prediction, _entry_url(ledger_url, prediction)))
    return calendar.to_ical().decode("utf-8")


def _event(p: Prediction, url: str) -> Event:
    day = p.next_review()
    event = Event()
    event.add("uid", url)  # the entry's URL: unique across essays of one site and stable across builds
    event.add("dtstamp", _midnight(p.as_of))
    event.add("last-modified", _midnight(p.as_of))
    event.add("sequence", len(p.history))
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("transp", "TRANSPARENT")  # a reminder, not busy time
    event.add("summary", p.title)
    event.add("description", _event_description(p, url))
    event.add("url", url)
    event.add("categories", [p.stance, *([p.topic] if p.topic else [])])
    return event


def _event_description(p: Prediction, url: str) -> str:
    window = (f"Window: {p.horizon.start.isoformat()} to {p.horizon.end.isoformat()}."
              if p.horizon else "No date in the text.")
    return "\n".join([
        f"“{p.quote}”",
        "",
        f"{window} Review due {p.next_review().isoformat()}.",
        f"True if: {p.operationalization.true}",
        f"False if: {p.operationalization.false}",
        f"Status: {p.status}, as of {p.as_of.isoformat()}.",
        f"Ledger entry: {url}",
    ])


# ---- feed ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class LedgerChange:
    """One item of the feed: an entry made, or reviewed (``what`` says whether its status changed)."""

    day: date
    kind: str  # "made" or "review"
    prediction: Prediction
    what: str  # "new forecast", "still open", "status changed from open to came true"
    text: str


def ledger_changes(p: Prediction) -> list[LedgerChange]:
    """Return the entry's changes in date order: its creation, then each review."""
    changes = [LedgerChange(p.made, "made", p, "new forecast", f"Forecast made on {p.made.isoformat()}: “{p.quote}”")]
    reviews = [(r.as_of, r.status, r.note) for r in p.history]
    if p.as_of > p.made:
        reviews.append((p.as_of, p.status, p.review_note or "No evidence settles the test yet."))
    previous = "open"
    for day, status, note in reviews:
        what = f"status changed from {previous} to {status}" if status != previous else f"still {status}"
        changes.append(LedgerChange(day, "review", p, what, f"Reviewed on {day.isoformat()}: {what}. {note}"))
        previous = status
    return changes


def predictions_atom(predictions: Sequence[Prediction], ledger_url: str, feed_url: str, title: str,
                     author: str) -> str:
    """Return an Atom feed with one item per entry's creation and per review, newest first."""
    _absolute(ledger_url, "ledger_url")
    _absolute(feed_url, "feed_url")
    changes = sorted((c for p in predictions for c in ledger_changes(p)),
                     key=lambda c: (c.day, c.kind, c.prediction.id), reverse=True)
    feed = FeedGenerator()
    feed.id(ledger_url)
    feed.title(title)
    feed.author({"name": author})
    feed.link(href=ledger_url, rel="alternate", type="text/html")
    feed.link(href=feed_url, rel="self", type="application/atom+xml")
    feed.language("en")
    feed.updated(_midnight(max((c.day for c in changes), default=date(1970, 1, 1))))
    for change in changes:
        url = _entry_url(ledger_url, change.prediction)
        item = feed.add_entry(order="append")
        item.id(f"{url}/{change.kind}-{change.day.isoformat()}")
        item.title(f"{change.prediction.title}: {change.what}")
        item.updated(_midnight(change.day))
        item.published(_midnight(change.day))
        item.link(href=url, rel="alternate", type="text/html")
        item.summary(change.text)
    return feed.atom_str(pretty=True).decode("utf-8")
