"""The public data exports written under ``site/data/`` (their field names are a public interface)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence

from ..model import Citation, Essay, SectionRecord
from .backlinks import cited_by_export
from .links import youtube_url
from .sync_vtt import sentence_export


def to_json(data: object) -> str:
    """Return deterministic, human-diffable JSON (sorted keys, UTF-8, trailing newline)."""
    return json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"


def essay_export(essay: Essay, sections: Sequence[SectionRecord], video_id: str | None,
                 prefix: str = "", cited_by: Mapping[str, Sequence[Citation]] | None = None) -> dict[str, object]:
    """Return ``essay.json``: title, subtitle, published, sections with paragraphs (each with what cites
    it, from ``cited_by``), footnotes, comments."""
    cited_by = cited_by or {}
    return {
        "title": essay.title,
        "subtitle": essay.subtitle,
        "published": essay.published,
        "sections": [
            {
                "id": s.id,
                "title": s.title,
                "url": s.page_url,
                "narration": _narration(s.narration, video_id),
                "paragraphs": [
                    {
                        "id": p.id,
                        "kind": p.paragraph.kind,
                        "text": p.paragraph.text,
                        "url": p.url,
                        "attribution": p.paragraph.attribution,
                        "sentences": [{**row, "url": f"{p.page_url}#{row['id']}"}
                                      for row in sentence_export(p.sentences)],
                        "narration": _narration(p.narration, video_id, p.narration_confidence),
                        "cited_by": cited_by_export(cited_by.get(p.id, ()), prefix),
                    }
                    for p in s.paragraphs
                ],
            }
            for s in sections
        ],
        "footnotes": [
            {"mark": f.mark, "after": f.anchor_text, "text": f.text,
             "note": None if f.text else "The source marks this footnote but does not contain its text."}
            for f in essay.footnotes
        ],
        "comments": [{"n": n, "paragraphs": list(c.paragraphs), "url": f"{prefix}comments/#comment-{n}"}
                     for n, c in enumerate(essay.comments, start=1)],
    }


def _narration(timing: object, video_id: str | None, skipped_confidence: float | None = None) -> dict[str, object]:
    """Return the narration record; when not narrated, ``confidence`` is how sure we are it is skipped."""
    if timing is None:
        confidence = round(skipped_confidence, 3) if skipped_confidence is not None else None
        return {"start": None, "end": None, "youtube": None, "confidence": confidence}
    start = float(timing.start)  # type: ignore[attr-defined]
    return {
        "start": round(start, 2),
        "end": round(float(timing.end), 2),  # type: ignore[attr-defined]
        "youtube": youtube_url(video_id, start) if video_id else None,
        "confidence": round(float(timing.confidence), 3),  # type: ignore[attr-defined]
    }
