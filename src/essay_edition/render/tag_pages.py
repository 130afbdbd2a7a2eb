"""Tag pages: for each tag, the essay paragraphs and claims under it, and the tags index.

Each page carries its tag in the front matter, so Material's tags plugin lists it on the tags index.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import EditionModel, Page
from .front_matter import NOT_IN_SEARCH, front_matter
from .templating import render

EXCERPT_WORDS = 24


def _excerpt(text: str) -> str:
    words = text.split()
    return " ".join(words[:EXCERPT_WORDS]) + ("…" if len(words) > EXCERPT_WORDS else "")


def tag_page(m: EditionModel, tag: str) -> str:
    """Return the Markdown source of one tag's page."""
    wanted = set(m.paragraph_tags[tag])
    passages = [(s, p) for s in m.sections for p in s.paragraphs if p.id in wanted]
    claims_by_id = {c.id: c for c in (m.claims.claims if m.claims else [])}
    claims = [claims_by_id[i] for i in m.claim_tags.get(tag, []) if i in claims_by_id]
    # Out of search: Material boosts tag matches a millionfold, so a listing page would outrank the
    # passages it lists for any query sharing a word with the tag.
    fm = front_matter({"title": f"#{tag}", "description": f"Essay passages and claims tagged {tag}.",
                       "tags": [tag], **NOT_IN_SEARCH})
    return fm + render("tag.md", tag=tag, passages=passages, claims=claims, page_url=f"{m.prefix}tags/{tag}/",
                       prefix=m.prefix, excerpt=_excerpt)


def pages(m: EditionModel) -> Iterable[Page]:
    """Return one page per tag, then the tags index (in the nav)."""
    if not m.paragraph_tags:
        return
    for tag in m.paragraph_tags:
        yield Page(f"{m.prefix}tags/{tag}.md", tag_page(m, tag))
    fm = front_matter({"title": "Tags", "description": "The knowledge note's tags, with the passages under each."})
    yield Page(f"{m.prefix}tags/index.md", fm + render("tags_index.md", paragraph_tags=m.paragraph_tags,
                                                       claim_tags=m.claim_tags), ("Tags",))
