"""Annotated paragraphs and JSON-LD: mentions nest in the text and give it back; structured data has its fields."""

from __future__ import annotations

import html
import re
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from essay_edition.enrich.claims import collect_claims, link_claims, parse_claim_links
from essay_edition.enrich.ids import IdRegistry
from essay_edition.enrich.mentions import find_mentions, first_mentions, parse_glossary, parse_people
from essay_edition.enrich.structure import essay_records
from essay_edition.model import Entity, Mention
from essay_edition.parse.essay import parse_essay, parse_essay_layout
from essay_edition.parse.summaries import parse_knowledge_note, parse_summary
from essay_edition.render.entity_pages import annotate_paragraph_html
from essay_edition.render.jsonld import jsonld_article, jsonld_video

ROOT = Path(__file__).resolve().parent.parent
EXTENSIONS = ["attr_list", "md_in_html", "admonition", "tables", "toc"]
HOSTILE = "<script>alert(1)</script> <img src=x onerror=alert(2)> {{ x }} {#id} [x](javascript:alert(3)) *b* `c`"
VIDEO = "_zgnSbu5GqE"


def read(path: str) -> str:
    return (ROOT / path).read_text(encoding="utf-8")


LAYOUT, LAYOUT_LINES = parse_essay_layout(read("data/essay_layout.yaml"), "layout")
ESSAY = parse_essay(read("sources/essay.txt"), "sources/essay.txt", LAYOUT, "layout", LAYOUT_LINES)
SECTIONS = essay_records(ESSAY, IdRegistry())
RECORDS = [p for s in SECTIONS for p in s.paragraphs]
PARAGRAPHS = [(p.id, p.paragraph.text) for p in RECORDS]
URLS = {p.id: p.url for p in RECORDS}
TEXTS = dict(PARAGRAPHS)
LABELS = {p.id: f"§{s.number} ¶{k}" for s in SECTIONS for k, p in enumerate(s.paragraphs, start=1)}
OVERRIDES = parse_claim_links(read("data/claim_links.yaml"), "data/claim_links.yaml")
CLAIMS = link_claims(
    collect_claims([("summary", parse_summary(read("sources/summary-tldr.txt"), "sources/summary-tldr.txt")),
                    ("note", parse_knowledge_note(read("sources/knowledge-note.txt"), "sources/knowledge-note.txt"))],
                   OVERRIDES),
    PARAGRAPHS, OVERRIDES, context=[s.title for s in ESSAY.sections])
PEOPLE = parse_people(read("data/people.yaml"), "data/people.yaml")
TERMS = parse_glossary(read("data/glossary.yaml"), "data/glossary.yaml")
MENTIONS = find_mentions(PARAGRAPHS, PEOPLE, TERMS)
ENTITIES = {e.id: e for e in [*PEOPLE, *TERMS]}


def split_page(source: str) -> tuple[dict, str]:
    assert source.startswith("---\n")
    _, front, body = source.split("---\n", 2)
    return yaml.safe_load(front), markdown.markdown(body, extensions=EXTENSIONS)


def visible(page_html: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", page_html))


def assert_inert(page_html: str) -> None:
    assert "<script" not in page_html and "<img" not in page_html
    assert 'href="javascript' not in page_html and 'id="id"' not in page_html


def test_annotated_real_paragraph() -> None:
    record = next(p for p in RECORDS if p.paragraph.text.startswith("Over conversation, Beren Millidge"))
    mentions = [m for m in first_mentions(MENTIONS) if m.paragraph_id == record.id]
    out = annotate_paragraph_html(record.paragraph.text, mentions, ENTITIES,
                                  {"beren-millidge": "../../people/#beren-millidge"})
    assert '<a class="mention mention-person" data-entity="beren-millidge" href="../../people/#beren-millidge"' in out
    assert '<abbr class="term" data-entity="hive-mind" title="Beren Millidge' in out
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == record.paragraph.text


@st.composite
def text_and_mentions(draw: st.DrawFn) -> tuple[str, list[Mention]]:
    text = draw(st.text(max_size=80))
    cuts = sorted(draw(st.lists(st.integers(0, len(text)), max_size=10, unique=True)))
    pairs = [(a, b) for a, b in zip(cuts[::2], cuts[1::2]) if a < b]
    kinds = draw(st.lists(st.sampled_from(["person", "work", "term"]), min_size=len(pairs), max_size=len(pairs)))
    return text, [Mention("p", a, b, f"e-{k}", kind) for (a, b), k, kind in zip(pairs, range(len(pairs)), kinds)]


@given(text_and_mentions(), st.text(max_size=30), st.booleans())
def test_annotate_round_trips_text(case: tuple[str, list[Mention]], description: str, linked: bool) -> None:
    text, mentions = case
    entities = {m.entity_id: Entity(m.entity_id, m.kind, description, description, ("x",)) for m in mentions}
    hrefs = {m.entity_id: f"../people/#{m.entity_id}?q=<&>" for m in mentions} if linked else {}
    out = annotate_paragraph_html(text, mentions, entities, hrefs)
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text
    assert out.count("<abbr") == sum(m.kind == "term" for m in mentions)


def test_jsonld() -> None:
    article = jsonld_article(ESSAY.title, ESSAY.subtitle, LAYOUT.author, LAYOUT.published, LAYOUT.source_url)
    assert article["@type"] == "Article" and article["@context"] == "https://schema.org"
    assert article["author"] == {"@type": "Person", "name": "Dwarkesh Patel"}
    assert article["datePublished"] == "2025-12-23" and article["headline"] == ESSAY.title
    video = jsonld_video(VIDEO, "What are we scaling?", "2025-12-23",
                         [("What are we scaling?", 13.4), ("The value of human labor", 191.0)], duration=700.5)
    assert video["@type"] == "VideoObject" and video["duration"] == "PT11M40S"
    assert video["hasPart"] == [
        {"@type": "Clip", "name": "What are we scaling?", "startOffset": 13, "endOffset": 191,
         "url": f"https://www.youtube.com/watch?v={VIDEO}&t=13s"},
        {"@type": "Clip", "name": "The value of human labor", "startOffset": 191, "endOffset": 700,
         "url": f"https://www.youtube.com/watch?v={VIDEO}&t=191s"},
    ]
    with pytest.raises(ValueError, match="must not decrease"):
        jsonld_video(VIDEO, "t", "2025-12-23", [("b", 20), ("a", 10)])
    assert "endOffset" not in jsonld_video(VIDEO, "t", "2025-12-23", [("a", 1)])["hasPart"][0]
