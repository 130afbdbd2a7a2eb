"""Structured data on every page that has a subject, added to the pages' front matter after rendering.

The page kinds stay unaware of it: this step finds each subject page by its path and merges its
schema.org data (:mod:`.jsonld`) into the page's front matter as ``jsonld``, which the theme prints
as a JSON-LD script. The home page is the essay as an Article with its narration; a section page is
an Article that is part of the essay, with the section's clip of the narration; the narration's
transcript page is the VideoObject with a Clip per section; a claim page is a ClaimReview. Articles
name the page's share card (:mod:`.cards`) as their image.

Addresses are absolute when the site has an address (MkDocs' ``site_url``); without one they are
relative to the page, which JSON-LD resolves against the page's own address.
"""

from __future__ import annotations

from typing import Any

from ..model import EditionModel, Page
from .cards import card_path
from .front_matter import with_meta
from .jsonld import claim_review, edition_jsonld, narration_video, section_jsonld
from .links import link


def address(m: EditionModel, from_url: str, to: str) -> str:
    """Return the address of site URL ``to`` as data on the page at ``from_url``: absolute when possible."""
    return m.absolute(to) or link(from_url, to)


def reviewer(m: EditionModel) -> str:
    """Return the name a ClaimReview gives its author: this edition."""
    return f"A reader's edition of “{m.essay.title}”"


def subject_data(m: EditionModel) -> dict[str, dict[str, Any]]:
    """Return the JSON-LD of each subject page of the edition, by page path."""
    p = m.prefix
    out: dict[str, dict[str, Any]] = {f"{p}index.md": edition_jsonld(m, image=address(m, p, card_path(p)))}
    for s in m.sections:
        out[s.page_path] = section_jsonld(m, s, address(m, s.page_url, s.page_url),
                                          image=address(m, s.page_url, card_path(s.page_url)))
    video = narration_video(m)
    if video is not None:
        out[f"{p}narration/youtube.md"] = video
    if m.claims is not None:
        for claim in m.claims.claims:
            url = f"{p}claims/{claim.id}/"
            out[f"{p}claims/{claim.id}.md"] = claim_review(m, claim, address(m, url, url), reviewer(m))
    return out


def with_structured_data(m: EditionModel, pages: dict[str, Page]) -> None:
    """Merge each subject page's JSON-LD into its front matter, in place (pages not rendered are skipped)."""
    for path, data in subject_data(m).items():
        page = pages.get(path)
        if page is not None:
            pages[path] = Page(page.path, with_meta(page.markdown, {"jsonld": data}), page.nav)
