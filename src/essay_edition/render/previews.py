"""The data behind link previews: one small same-origin JSON file per essay, ``assets/previews.json``.

A preview card (``docs/javascripts/previews.js``) shows, for a link to a glossary term, a person
or work, a forecast, a claim or a paragraph, the few words that say what is behind the link. The
pages could carry those words in attributes, but a paragraph is cited from many pages: one file,
fetched once on the first preview and cached, is smaller than repeating the texts in every page.
Paragraph texts are cut at :data:`PARAGRAPH_CHARS` (the card links to the whole passage).
"""

from __future__ import annotations

import json
from datetime import date

from ..model import EditionModel
from ._markup import VERDICT_LABELS, truncate
from .claims_pages import claim_names

__all__ = ["PARAGRAPH_CHARS", "PREVIEWS_PATH", "previews_export", "previews_json"]

PREVIEWS_PATH = "assets/previews.json"  # under the essay's prefix; previews.js derives it from a link's URL
PARAGRAPH_CHARS = 320
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")  # not the locale's


def previews_export(m: EditionModel) -> dict[str, object]:
    """Return the previews file: entities, forecasts, claims and paragraphs by id, each with its card's words."""
    labels = m.paragraph_labels()
    names = claim_names(m.claims.claims, m.claims.source_names) if m.claims else {}
    return {
        "entities": {e.id: {"kind": e.kind, "name": e.name, "text": e.description} for e in m.entities},
        "forecasts": {r.prediction.id: {"title": r.prediction.title or r.prediction.quote, "status": r.prediction.status,
                                        "by": _day(r.prediction.horizon.end) if r.prediction.horizon else None,
                                        "paragraph": labels.get(r.paragraph_id, "")}
                      for r in m.ledger.predictions},
        "claims": {c.id: {"name": names[c.id], "text": c.text, "verdict": c.verdict,
                          "verdict_label": VERDICT_LABELS.get(c.verdict, c.verdict)}
                   for c in (m.claims.claims if m.claims else ())},
        "paragraphs": {p.id: {"label": labels[p.id], "section": s.title, "text": truncate(p.paragraph.text, PARAGRAPH_CHARS)}
                       for s in m.sections for p in s.paragraphs},
    }


def previews_json(m: EditionModel) -> str:
    """Return the previews file as compact JSON (a front-end asset, not a diffable export)."""
    return json.dumps(previews_export(m), ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _day(day: date) -> str:
    """Return a date as readers write it, the same in every locale: "31 Dec 2030"."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
