"""Backlinks on the essay pages and in ``essay.json``: what cites each paragraph, and where it is.

The citations come from the model (:mod:`essay_edition.enrich.backlinks`); this module gives each
its page URL, writes the small list shown beside a paragraph (a ``<details>`` element: open in the
margin on wide screens, a control under the paragraph on narrow ones) and the ``cited_by`` rows of
the export. The narration's and the podcast's passages are listed as one link each (to the first
passage) with a count, since a paragraph can be spoken by a dozen caption sentences.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from ..model import Citation
from .links import clock, link
from .templating import fragment

__all__ = ["backlinks_html", "cited_by_export", "citation_url"]

_PAGES = {"claim": "claims/{id}/", "forecast": "predictions/#{id}", "narration": "narration/youtube/#{id}",
          "podcast": "narration/podcast/#{id}"}
_SPOKEN = {"narration": ("Narration", "sentence"), "podcast": ("Podcast", "line")}


def citation_url(citation: Citation, prefix: str = "") -> str:
    """Return the site-relative URL of the page (and anchor) where ``citation`` is."""
    return prefix + _PAGES[citation.kind].format(id=citation.id)


def cited_by_export(citations: Sequence[Citation], prefix: str = "") -> list[dict[str, object]]:
    """Return the ``cited_by`` rows of one paragraph in ``essay.json`` (fields by kind, see the Data page)."""
    rows: list[dict[str, object]] = []
    for c in citations:
        row: dict[str, object] = {"kind": c.kind, "id": c.id, "url": citation_url(c, prefix), "text": c.text}
        if c.kind == "claim":
            row.update(source=c.source, verdict=c.verdict)
        elif c.kind == "forecast":
            row["status"] = c.status
        else:
            row.update(start=round(float(c.start or 0.0), 2), end=round(float(c.end or 0.0), 2))
        rows.append(row)
    return rows


def _spoken(citations: Sequence[Citation], kind: str) -> dict[str, object] | None:
    """Return one entry standing for every passage of ``kind`` that speaks the paragraph, or None."""
    passages = [c for c in citations if c.kind == kind]
    if not passages:
        return None
    where, unit = _SPOKEN[kind]
    count = len(passages)
    return {"first": passages[0], "where": where, "at": clock(passages[0].start or 0.0),
            "count": f"{count} {unit}{'s' if count != 1 else ''}"}


def _summary(citations: Sequence[Citation]) -> str:
    """Return the control's words: "Cited by 3 claims, 1 forecast, 2 transcripts"."""
    parts = []
    for kind, one, many in (("claim", "claim", "claims"), ("forecast", "forecast", "forecasts")):
        n = sum(c.kind == kind for c in citations)
        if n:
            parts.append(f"{n} {one if n == 1 else many}")
    spoken = sum(any(c.kind == k for c in citations) for k in _SPOKEN)
    if spoken:
        parts.append("the narration" if spoken == 1 else "2 transcripts")
    return "Cited by " + ", ".join(parts)


def backlinks_html(citations: Sequence[Citation], page_url: str, label: str, prefix: str = "") -> Markup:
    """Return the list of what cites one paragraph (``label``: its "§3.2"), or nothing when nothing does."""
    if not citations:
        return Markup("")
    def linked(kind: str) -> list[tuple[Citation, str]]:
        return [(c, link(page_url, citation_url(c, prefix))) for c in citations if c.kind == kind]

    spoken = [s for s in (_spoken(citations, k) for k in _SPOKEN) if s]
    for entry in spoken:
        entry["href"] = link(page_url, citation_url(entry["first"], prefix))  # type: ignore[arg-type]
    return fragment("backlinks.html", label=label, summary=_summary(citations), claims=linked("claim"),
                    forecasts=linked("forecast"), spoken=spoken)
