"""Structured data: every JSON-LD block, expanded by a JSON-LD processor offline, has its type's required fields.

Blocks are expanded with pyld, whose document loader is replaced by one that serves schema.org's
context from memory and refuses any other address, so nothing is fetched. The stand-in context maps
every term to its schema.org IRI (``@vocab``), which is what the checks read: required fields are
looked up by full IRI after expansion, so a misspelt key or a wrong ``@type`` fails as it would for
a search engine. Required fields are those search engines document for rich results: a VideoObject's
``name``, ``thumbnailUrl`` and ``uploadDate``; a Clip's ``name``, ``startOffset`` and ``url``; an
Article's ``headline``, ``author`` and ``datePublished``; a ClaimReview's ``claimReviewed``,
``reviewRating`` (with ``alternateName``), ``url``, ``author`` and ``itemReviewed``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from edition_data import edition_model
from pyld import jsonld

from essay_edition.model import EditionModel
from essay_edition.render.jsonld import VERDICT_RATINGS, claim_review, narration_video, section_jsonld
from essay_edition.render.structured_data import subject_data

S = "https://schema.org/"
SCHEMA_CONTEXT = {"@context": {"@vocab": S}}
LOCAL = {"https://schema.org", "https://schema.org/", "http://schema.org", "http://schema.org/"}
REQUIRED = {
    "Article": ("headline", "author", "datePublished"),
    "VideoObject": ("name", "thumbnailUrl", "uploadDate"),
    "Clip": ("name", "startOffset", "url"),
    "ClaimReview": ("claimReviewed", "reviewRating", "url", "author", "itemReviewed"),
    "Rating": ("ratingValue",),
}


def offline_loader(url: str, options: object = None) -> dict:
    """Serve schema.org's context from memory; refuse every other address."""
    if url in LOCAL:
        return {"contextUrl": None, "documentUrl": url, "document": SCHEMA_CONTEXT,
                "contentType": "application/ld+json"}
    raise jsonld.JsonLdError(f"no network: refusing to load {url}", "jsonld.LoadDocumentError",
                             code="loading document failed")


def expand(block: dict) -> list[dict]:
    """Return the block expanded to full IRIs, offline."""
    return jsonld.expand(block, {"documentLoader": offline_loader})


def nodes(expanded: object) -> Iterator[dict]:
    """Every node of an expanded document that has a type, nested ones included."""
    if isinstance(expanded, list):
        for item in expanded:
            yield from nodes(item)
    elif isinstance(expanded, dict):
        if "@type" in expanded:
            yield expanded
        for key, value in expanded.items():
            if not key.startswith("@"):
                yield from nodes(value)


def value(node: dict, name: str) -> object:
    """The first value of property ``name`` (a literal's value, or the nested node)."""
    items = node.get(S + name, [])
    if not items:
        return None
    first = items[0]
    return first.get("@value", first.get("@id", first)) if isinstance(first, dict) else first


def problems(block: dict, where: str) -> list[str]:
    """Return what is missing or wrong in one JSON-LD block, each naming the page and the type."""
    out = []
    expanded = expand(block)
    if not expanded:
        return [f"{where}: expands to nothing (no @context or no schema.org terms?)"]
    for node in nodes(expanded):
        for type_iri in node["@type"]:
            kind = type_iri.removeprefix(S)
            out += [f"{where}: {kind} lacks {name}" for name in REQUIRED.get(kind, ())
                    if value(node, name) in (None, "")]
            if kind == "Clip" and value(node, "endOffset") is not None:
                if not value(node, "endOffset") > value(node, "startOffset"):
                    out.append(f"{where}: Clip {value(node, 'name')!r} ends before it starts")
            if kind == "ClaimReview":
                rating = value(node, "reviewRating")
                if not isinstance(rating, dict) or not value(rating, "alternateName"):
                    out.append(f"{where}: ClaimReview's reviewRating lacks alternateName")
                elif not value(rating, "worstRating") <= value(rating, "ratingValue") <= value(rating, "bestRating"):
                    out.append(f"{where}: ClaimReview's ratingValue is outside its scale")
    return out


def types(block: dict) -> set[str]:
    """The types of every node of the expanded block, short names."""
    return {t.removeprefix(S) for node in nodes(expand(block)) for t in node["@type"]}


# --- the data the build makes, from this essay's model --------------------------------------------


@pytest.fixture(scope="module")
def model() -> EditionModel:
    return edition_model()


def test_every_subject_page_has_complete_structured_data(model: EditionModel) -> None:
    data = subject_data(model)
    assert {f"{s.page_path}" for s in model.sections} <= set(data)
    assert model.claims is not None and all(f"claims/{c.id}.md" in data for c in model.claims.claims)
    assert "narration/youtube.md" in data and "index.md" in data
    found = [p for path, block in data.items() for p in problems(block, path)]
    assert found == []


def test_a_section_is_an_article_that_is_part_of_the_essay_with_its_clip(model: EditionModel) -> None:
    section = next(s for s in model.sections if s.narration)
    block = section_jsonld(model, section, "https://example.org/essay/x/", image="https://example.org/c.png")
    node = next(n for n in nodes(expand(block)) if n["@type"] == [S + "Article"] and S + "isPartOf" in n)
    assert value(node, "headline") == section.title and value(node, "position") == section.number
    assert value(value(node, "isPartOf"), "headline") == model.essay.title
    clips = [n for n in nodes(expand(block)) if n["@type"] == [S + "Clip"]]
    assert [value(c, "name") for c in clips] == [section.title]
    assert types(block) == {"Article", "VideoObject", "Clip", "Person"}


def test_the_narration_has_a_clip_per_narrated_section_in_time_order(model: EditionModel) -> None:
    video = narration_video(model)
    assert video is not None and video["thumbnailUrl"].startswith("https://i.ytimg.com/vi/")
    starts = [c["startOffset"] for c in video["hasPart"]]
    assert starts == sorted(starts) and len(starts) == sum(1 for s in model.sections if s.narration)


def test_a_claim_review_rates_the_claim_by_its_verdict(model: EditionModel) -> None:
    assert model.claims is not None
    for claim in model.claims.claims:
        block = claim_review(model, claim, "https://example.org/claims/x/", "An edition")
        rating = value(next(n for n in nodes(expand(block)) if n["@type"] == [S + "ClaimReview"]), "reviewRating")
        assert value(rating, "ratingValue") == VERDICT_RATINGS[claim.verdict]
        assert value(rating, "alternateName") == {"supported": "Supported", "partly": "Partly supported",
                                                  "misstated": "Misstated", "unsupported": "Unsupported",
                                                  "not-in-essay": "Not in the essay"}[claim.verdict]


def test_the_check_finds_what_is_missing() -> None:
    video = {"@context": "https://schema.org", "@type": "VideoObject", "name": "v",
             "hasPart": [{"@type": "Clip", "name": "c", "startOffset": 9, "endOffset": 3}]}
    assert problems(video, "p") == ["p: VideoObject lacks thumbnailUrl", "p: VideoObject lacks uploadDate",
                                    "p: Clip lacks url", "p: Clip 'c' ends before it starts"]
    with pytest.raises(jsonld.JsonLdError):
        expand({"@context": "https://example.org/context.jsonld", "name": "x"})


# --- every block on the built site -------------------------------------------------------------------


def site_blocks(site: Path) -> Iterator[tuple[str, dict]]:
    """Every JSON-LD block of the built site's pages, with the page's path."""
    for page in sorted(site.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        for script in soup.find_all("script", type="application/ld+json"):
            yield page.relative_to(site).as_posix(), json.loads(script.string)


@pytest.mark.site
def test_every_json_ld_block_on_the_built_site_expands_with_its_required_fields(built_site: Path) -> None:
    blocks = list(site_blocks(built_site))
    pages = {path for path, _ in blocks}
    found = [p for path, block in blocks for p in problems(block, path)]
    assert found == []
    kinds = {path: types(block) for path, block in blocks}
    sections = [p for p in pages if re.fullmatch(r"essay/[^/]+/index\.html", p)]
    assert sections and all("Article" in kinds[p] for p in sections)
    claims = sorted(p.relative_to(built_site).as_posix() for p in built_site.glob("claims/claim-*/index.html"))
    assert claims and all("ClaimReview" in kinds.get(p, set()) for p in claims)
    assert {"VideoObject", "Clip"} <= kinds["index.html"] and "VideoObject" in kinds["narration/youtube/index.html"]


@pytest.mark.site
def test_each_claim_review_states_the_verdict_its_page_shows(built_site: Path) -> None:
    for page in sorted(built_site.glob("claims/claim-*/index.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
        block = json.loads(soup.find("script", type="application/ld+json").string)
        shown = soup.select_one(".claim-meta .verdict").get_text(strip=True)
        assert block["reviewRating"]["alternateName"] == shown, page
