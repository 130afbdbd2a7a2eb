"""Tags: the knowledge note's tags attached to the essay paragraphs and claims they concern.

Which paragraphs a tag concerns is curated (``data/tags.yaml``: phrases per tag), because the note
tags the essay as a whole. Every curated tag must be listed by the note and every phrase must occur
in the essay, so the file cannot drift from either source.
"""

from __future__ import annotations

from collections.abc import Sequence

from pydantic import BaseModel, ConfigDict

from ..curated import load_yaml_document, validate, value_lines
from ..errors import SourceError
from ..model import LinkedClaim


class _Tags(BaseModel):
    model_config = ConfigDict(extra="forbid")
    tags: dict[str, list[str]]


def tag_paragraphs(text: str, path: str, note_tags: Sequence[str], paragraphs: Sequence[tuple[str, str]]
                   ) -> dict[str, list[str]]:
    """Return, per tag in the note's order, the ids of the paragraphs that carry it."""
    node = load_yaml_document(text, path)
    tags = validate(_Tags, node, path).tags
    lines = {tag: line for (_, tag), line in ((k, v) for k, v in value_lines(node).items() if len(k) == 2)}
    essay = "\n".join(t for _, t in paragraphs).lower()
    for tag, phrases in tags.items():
        if tag not in note_tags:
            raise SourceError(path, lines.get(tag), f"tag {tag!r} is not one the knowledge note lists")
        for phrase in phrases:
            if phrase.lower() not in essay:
                raise SourceError(path, lines.get(tag), f"phrase {phrase!r} of tag {tag!r} is not in the essay")
    return {tag: [pid for pid, t in paragraphs if any(ph.lower() in t.lower() for ph in tags.get(tag, []))]
            for tag in note_tags}


def tag_claims(claims: Sequence[LinkedClaim], tagged: dict[str, list[str]]) -> dict[str, list[str]]:
    """Return, per tag, the ids of the claims whose supporting paragraphs carry it."""
    return {tag: [c.id for c in claims if {s.paragraph_id for s in c.support} & set(ids)]
            for tag, ids in tagged.items()}
