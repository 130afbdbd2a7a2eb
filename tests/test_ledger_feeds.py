"""The ledger's calendar (icalendar) and Atom feed (feedgen): they parse, cover every entry, link back
to it, and are the same bytes for the same data."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from icalendar import Calendar
from lxml import etree

from essay_edition.enrich.predictions import load_predictions
from essay_edition.render.ledger_feeds import ledger_changes, predictions_atom, predictions_ics

ROOT = Path(__file__).resolve().parent.parent
PRED_PATH = "data/predictions.yaml"
PREDICTIONS = load_predictions((ROOT / PRED_PATH).read_text(encoding="utf-8"), PRED_PATH)
LEDGER = "https://example.org/edition/predictions/"
FEED = "https://example.org/edition/data/predictions.atom"
ATOM = "{http://www.w3.org/2005/Atom}"
HOSTILE = "<script>alert(1)</script> & “quoted”, ; \\n \n END:VEVENT"

REVIEWED = """predictions:
  - id: reviewed
    title: {title}
    stance: own
    quote: "a quote"
    made: 2025-12-23
    horizon: {{start: 2026-01-01, end: 2026-12-31}}
    operationalization: {{true: "t", false: "f", source: "s"}}
    confidence: probably
    hedge: probably
    status: came true
    as_of: 2027-01-15
    review_note: the release notes meet the test
    history: [{{as_of: 2026-06-01, status: open, note: nothing shipped yet}}]
    evidence:
      - {{url: "https://example.org/r", title: R, accessed: 2027-01-15, quote: "keeps what it learns"}}
"""


def reviewed(title: str = "A reviewed forecast"):
    return load_predictions(REVIEWED.format(title=json.dumps(title)), PRED_PATH)


# ---- calendar ------------------------------------------------------------------------------------

def test_calendar_parses_with_one_all_day_event_per_entry_linking_back():
    calendar = Calendar.from_ical(predictions_ics(PREDICTIONS, LEDGER, "Predictions ledger"))
    events = calendar.walk("VEVENT")
    assert len(events) == len(PREDICTIONS)
    by_url = {str(e["URL"]): e for e in events}
    for p in PREDICTIONS:
        event = by_url[f"{LEDGER}#{p.id}"]
        assert str(event["SUMMARY"]) == p.title
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert type(start) is date and start == p.next_review() and (end - start).days == 1
        assert f"{LEDGER}#{p.id}" in str(event["DESCRIPTION"]) and p.quote in str(event["DESCRIPTION"])
        assert event.decoded("DTSTAMP") == datetime.combine(p.as_of, datetime.min.time(), tzinfo=UTC)
    assert len({str(e["UID"]) for e in events}) == len(events)
    assert str(calendar["X-WR-CALNAME"]) == "Predictions ledger"


def test_calendar_is_deterministic_and_escapes_text():
    assert predictions_ics(PREDICTIONS, LEDGER, "L") == predictions_ics(list(reversed(PREDICTIONS)), LEDGER, "L")
    text = predictions_ics(reviewed(HOSTILE), LEDGER, HOSTILE)
    event = Calendar.from_ical(text).walk("VEVENT")
    assert len(event) == 1 and str(event[0]["SUMMARY"]) == HOSTILE
    assert event[0]["SEQUENCE"] == 1  # one earlier review


# ---- feed ----------------------------------------------------------------------------------------

def parse_atom(text: str) -> etree._Element:
    root = etree.fromstring(text.encode("utf-8"))
    assert root.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated"):
        assert root.find(f"{ATOM}{name}") is not None and root.findtext(f"{ATOM}{name}").strip(), name
    assert root.find(f"{ATOM}author/{ATOM}name") is not None  # required unless every entry has one
    for entry in root.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated"):
            assert entry.findtext(f"{ATOM}{name}").strip(), name
        link = entry.find(f"{ATOM}link")
        assert link is not None and link.get("rel", "alternate") == "alternate" and link.get("href")
        datetime.fromisoformat(entry.findtext(f"{ATOM}updated"))  # RFC 3339
    return root


def test_atom_feed_validates_with_the_creation_and_reviews_of_every_entry():
    root = parse_atom(predictions_atom(PREDICTIONS, LEDGER, FEED, "Predictions ledger", "An Author"))
    entries = root.findall(f"{ATOM}entry")
    reviewed_after_publication = [p for p in PREDICTIONS if p.as_of > p.made]
    assert len(entries) == len(PREDICTIONS) + len(reviewed_after_publication)
    ids = [e.findtext(f"{ATOM}id") for e in entries]
    assert len(set(ids)) == len(ids)
    made = [e for e in entries if e.findtext(f"{ATOM}id").endswith("/made-2025-12-23")]
    assert len(made) == len(PREDICTIONS)
    assert root.findtext(f"{ATOM}updated") == "2026-11-30T00:00:00+00:00"  # the latest review, not the clock
    links = {(link.get("rel"), link.get("href")) for link in root.findall(f"{ATOM}link")}
    assert {("alternate", LEDGER), ("self", FEED)} <= links
    hrefs = {e.find(f"{ATOM}link").get("href") for e in entries}
    assert hrefs == {f"{LEDGER}#{p.id}" for p in PREDICTIONS}


def test_atom_feed_reports_status_changes_in_order():
    (pred,) = reviewed(HOSTILE)
    assert [(c.day.isoformat(), c.what) for c in ledger_changes(pred)] == [
        ("2025-12-23", "new forecast"),
        ("2026-06-01", "still open"),
        ("2027-01-15", "status changed from open to came true"),
    ]
    text = predictions_atom([pred], LEDGER, FEED, "Ledger", "Author")
    assert "<script>" not in text
    titles = [e.findtext(f"{ATOM}title") for e in parse_atom(text).findall(f"{ATOM}entry")]
    assert titles == [f"{HOSTILE}: status changed from open to came true", f"{HOSTILE}: still open",
                      f"{HOSTILE}: new forecast"]


def test_atom_feed_is_deterministic():
    first = predictions_atom(PREDICTIONS, LEDGER, FEED, "Ledger", "Author")
    assert first == predictions_atom(list(reversed(PREDICTIONS)), LEDGER, FEED, "Ledger", "Author")


@pytest.mark.parametrize(("call", "message"), [
    (lambda: predictions_ics(PREDICTIONS, "predictions/", "L"),
     "ledger_url must be an absolute http(s) URL, not 'predictions/'"),
    (lambda: predictions_atom(PREDICTIONS, LEDGER, "/data/predictions.atom", "L", "A"),
     "feed_url must be an absolute http(s) URL, not '/data/predictions.atom'"),
])
def test_links_must_be_absolute(call, message):
    with pytest.raises(ValueError) as err:
        call()
    assert str(err.value) == message
