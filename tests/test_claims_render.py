"""Claim, comparison, people and glossary pages; annotated paragraphs; JSON-LD. Source text stays text."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from pathlib import Path

import markdown
import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from essay_edition.enrich.claims import collect_claims, left_out_sections, link_claims, parse_claim_links
from essay_edition.enrich.ids import IdRegistry
from essay_edition.enrich.mentions import find_mentions, first_mentions, parse_glossary, parse_people
from essay_edition.enrich.structure import essay_records
from essay_edition.model import Entity, LinkedClaim, Mention, QuoteCheck, Support
from essay_edition.parse.essay import parse_essay, parse_essay_layout
from essay_edition.parse.summaries import parse_knowledge_note, parse_summary
from essay_edition.render.claims_pages import claim_page, claims_index_page, summaries_comparison_page
from essay_edition.render.entity_pages import annotate_paragraph_html, glossary_page, people_page
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
    collect_claims(parse_summary(read("sources/summary-tldr.txt"), "sources/summary-tldr.txt"),
                   parse_knowledge_note(read("sources/knowledge-note.txt"), "sources/knowledge-note.txt"), OVERRIDES),
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


def test_claim_page_on_a_real_claim() -> None:
    claim = next(c for c in CLAIMS if c.text.startswith("Robotics is"))
    pid = claim.support[0].paragraph_id
    source, meta = claim_page(claim, URLS, TEXTS, {pid: 61.9}, ESSAY.title, VIDEO, paragraph_labels=LABELS)
    front, page = split_page(source)
    assert meta == {k: html.unescape(v) for k, v in front.items()}  # the front matter holds them HTML-escaped
    assert front["og_type"] == "article" and len(meta["description"]) <= 200
    assert html.unescape(front["title"]).startswith("Robotics is") and front["title"].endswith("…")
    text = visible(page)
    assert claim.text in text and TEXTS[pid] in text and claim.note[:40] in text
    assert f'href="../../{URLS[pid]}"' in page
    assert f'href="https://www.youtube.com/watch?v={VIDEO}&amp;t=61s"' in page and "▶ Listen from 1:01" in text
    assert "not word for word in the essay" in text
    assert '<span class="verdict verdict-partly">Partly supported</span>' in page


def test_claim_page_without_narration_or_support() -> None:
    claim = next(c for c in CLAIMS if c.verdict == "not-in-essay")
    source, _ = claim_page(claim, URLS, TEXTS, {}, ESSAY.title, VIDEO)
    _, page = split_page(source)
    assert "youtube.com" not in page and "No paragraph of the essay is offered" in page
    assert "Not in the essay" in visible(page)


@pytest.mark.parametrize("where", ["claim", "paragraph", "note", "quote"])
def test_hostile_text_in_a_claim_page_renders_as_text(where: str) -> None:
    pid = RECORDS[3].id
    claim = LinkedClaim("claim-x", "summary", "key-point", "A claim.", "partly", (Support(pid, 50.0),), "A note.")
    texts = dict(TEXTS)
    if where == "claim":
        claim = replace(claim, text=HOSTILE)
    elif where == "paragraph":
        texts[pid] = HOSTILE
    elif where == "note":
        claim = replace(claim, note=HOSTILE)
    else:
        claim = replace(claim, quotes=(QuoteCheck(HOSTILE, False, 40.0),))
    source, _ = claim_page(claim, URLS, texts, {}, HOSTILE, VIDEO)
    front, page = split_page(source)
    assert_inert(page)
    assert HOSTILE in visible(page).replace("\n", " ") or " ".join(HOSTILE.split()) in visible(page)
    for value in front.values():
        assert "<" not in value and '"' not in value  # Material prints these unescaped


def test_index_and_comparison_pages() -> None:
    _, index = split_page(claims_index_page(CLAIMS, paragraph_labels=LABELS))
    assert index.count("<tr>") == len(CLAIMS) + 2  # a header row per source table
    for claim in CLAIMS:
        assert f'href="{claim.id}/"' in index
    left_out = {src: left_out_sections(CLAIMS, [(s.title, [p.id for p in s.paragraphs]) for s in SECTIONS], src)
                for src in ("summary", "note")}
    source = summaries_comparison_page(CLAIMS, URLS, TEXTS, left_out, paragraph_labels=LABELS,
                                       section_urls={s.title: s.page_url for s in SECTIONS})
    _, page = split_page(source)
    text = visible(page)
    assert "55 statements checked" in text and "What the summaries leave out" in text
    assert "Comparison to human distribution will make us at first overestimate" in text
    assert page.count('<blockquote class="claim-text">') == len(CLAIMS)
    for claim in CLAIMS:
        assert f'href="../claims/{claim.id}/"' in page
        for support in claim.support:
            assert f'href="../{URLS[support.paragraph_id]}"' in page
    assert_inert(page)


def test_hostile_text_in_the_comparison_page() -> None:
    claim = LinkedClaim("claim-x", "note", "prose", HOSTILE, "misstated", (Support(RECORDS[0].id, 10.0),), HOSTILE)
    _, page = split_page(summaries_comparison_page([claim], URLS, {**TEXTS, RECORDS[0].id: HOSTILE},
                                                   {"summary": [HOSTILE]}))
    assert_inert(page)
    assert HOSTILE in visible(page)


def test_people_and_glossary_pages() -> None:
    _, people = split_page(people_page(PEOPLE, MENTIONS, URLS, TEXTS, paragraph_labels=LABELS))
    text = visible(people)
    assert 'id="beren-millidge"' in people and 'id="how-well-does-rl-scale"' in people
    assert "https://www.tobyord.com/writing/how-w..." in text and 'href="https://www.tobyord.com' not in people
    assert 'href="https://www.youtube.com/watch?v=_zgnSbu5GqE"' in people
    for mention in MENTIONS:
        if mention.kind != "term":
            assert f'href="../{URLS[mention.paragraph_id]}"' in people
    _, glossary = split_page(glossary_page(TERMS, MENTIONS, URLS, TEXTS))
    assert 'id="rlvr"' in glossary and "Reinforcement learning from verifiable rewards" in visible(glossary)
    assert glossary.count("<h2") == len(TERMS)


def test_hostile_entity_data_renders_as_text() -> None:
    person = Entity("p", "person", HOSTILE, HOSTILE, ("Beren",))
    mention = Mention(RECORDS[3].id, 0, 5, "p", "person")
    _, page = split_page(people_page([person], [mention], URLS, TEXTS))
    assert_inert(page)
    assert HOSTILE in visible(page)


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
