"""Claims of the two summaries linked to essay paragraphs: real figures, curated checks, stale data."""

from __future__ import annotations

import math
import re
from collections import Counter
from itertools import pairwise
from pathlib import Path

import pytest
from narration_data import essay
from rapidfuzz import fuzz

from essay_edition.enrich._similarity import (
    WORD_MATCH,
    Scorer,
    contains_phrase,
    content_words,
    quoted_phrases,
    sentences,
)
from essay_edition.enrich.claims import (
    claim_ids,
    claim_warnings,
    collect_claims,
    left_out_sections,
    link_claims,
    parse_claim_links,
)
from essay_edition.errors import SourceError
from essay_edition.model import Claim
from essay_edition.parse.summaries import parse_knowledge_note, parse_summary

ROOT = Path(__file__).resolve().parent.parent
LINKS_PATH = "data/claim_links.yaml"
LINKS = (ROOT / LINKS_PATH).read_text(encoding="utf-8")
ESSAY_TEXT = (ROOT / "sources/essay.txt").read_text(encoding="utf-8")
ESSAY = essay()
SUMMARY = parse_summary((ROOT / "sources/summary-tldr.txt").read_text(encoding="utf-8"), "sources/summary-tldr.txt")
NOTE = parse_knowledge_note((ROOT / "sources/knowledge-note.txt").read_text(encoding="utf-8"),
                            "sources/knowledge-note.txt")
DOCUMENTS = [("summary", SUMMARY), ("note", NOTE)]
# Paragraph ids are the caller's business: plain numbers here.
PARAGRAPHS = [(f"p{i}", p.text) for i, p in enumerate(ESSAY.paragraphs())]
SECTIONS = []
_n = 0
for _section in ESSAY.sections:
    SECTIONS.append((_section.title, [f"p{_n + k}" for k in range(len(_section.paragraphs))]))
    _n += len(_section.paragraphs)
CONTEXT = [ESSAY.title, ESSAY.subtitle, *(s.title for s in ESSAY.sections)]


def link(text: str = LINKS, paragraphs=PARAGRAPHS):
    overrides = parse_claim_links(text, LINKS_PATH)
    return link_claims(collect_claims(DOCUMENTS, overrides), paragraphs, overrides, context=CONTEXT)


LINKED = link()


def by_text(fragment: str):
    (claim,) = [c for c in LINKED if fragment in c.text]
    return claim


def line_of(fragment: str, text: str = LINKS) -> int:
    return text[: text.index(fragment)].count("\n") + 1


def test_real_claim_figures() -> None:
    kinds = Counter((c.source, c.kind) for c in LINKED)
    assert kinds == {("summary", "key-point"): 7, ("note", "key-claim"): 11, ("summary", "prose"): 32,
                     ("note", "prose"): 5}
    assert Counter(c.verdict for c in LINKED) == {"supported": 42, "partly": 11, "misstated": 1, "not-in-essay": 1}
    assert all(c.curated for c in LINKED) and claim_warnings(LINKED) == []


def test_every_claim_links_a_paragraph_or_is_flagged() -> None:
    ids = {pid for pid, _ in PARAGRAPHS}
    for claim in LINKED:
        assert claim.support or claim.verdict in {"unsupported", "not-in-essay"}, claim.id
        assert {s.paragraph_id for s in claim.support} <= ids
        assert all(0 <= s.score <= 100 for s in claim.support)


def test_checked_judgements() -> None:
    ilya = by_text("podcast with Ilya")
    assert ilya.verdict == "not-in-essay" and ilya.support == () and "reader comment" in ilya.note
    toby = by_text("Toby Ord estimates a 1,000,000x")
    assert toby.source == "note" and toby.verdict == "partly" and "something like" in toby.note
    assert [s.paragraph_id for s in toby.support] == ["p14"]
    gemini = by_text("models like Gemini 3")
    assert gemini.verdict == "partly" and "I would have been certain" in gemini.note
    assert by_text("some shifting is fair because").verdict == "misstated"
    assert by_text("The slow economic diffusion").verdict == "supported"


def test_every_summary_sentence_but_the_framing_is_a_checked_claim() -> None:
    prose = {s for s in (c.text for c in LINKED if c.kind == "prose")}
    summary = [s for item in SUMMARY.key_topics for s in sentences(item.text)]
    assert [s for s in summary if s not in prose] == [summary[0], summary[-1]]  # "Alright listeners", "folks"
    assert summary[0].startswith("Alright listeners") and summary[-1].startswith("And there you have it")
    assert [s for s in sentences(NOTE.summary.text) if s not in prose] == []


def test_audited_note_and_summary_claims() -> None:
    verdicts = {fragment: by_text(fragment).verdict for fragment in (
        "fundamental contradiction", "visit thousands of homes", "not software-only singularity",
        "despite advanced hardware", "neutralizes any supposed 'flywheels'")}
    assert set(verdicts.values()) == {"partly"}, verdicts
    assert "not that they will not happen" in by_text("not software-only singularity").note
    assert "does not call the hardware advanced" in by_text("despite advanced hardware").note
    assert "a thousand different homes and factories" in by_text("visit thousands of homes").note


def test_quotation_checks() -> None:
    robotics = by_text("Robotics is")
    assert [(q.quote, q.verbatim) for q in robotics.quotes] == [("in some fundamental sense, an algorithms problem", False)]
    assert 50 < robotics.quotes[0].similarity < 100
    impressive = by_text('Models "keep getting')
    assert all(q.verbatim and q.similarity == 100 for q in impressive.quotes)
    # A quotation of a section heading counts as the essay's words.
    assert all(q.verbatim for q in by_text("RL scaling is").quotes)


def test_claim_ids_are_readable_unique_and_independent_of_paragraph_ids() -> None:
    ids = [c.id for c in LINKED]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"claim-[a-z0-9]+(?:-[a-z0-9]+)*", i) for i in ids)
    assert by_text("Expects AGI").id == "claim-expects-agi-in-the-next-decade-or-two"
    renamed = [(f"x-{pid}", text) for pid, text in PARAGRAPHS]
    assert [c.id for c in link(paragraphs=renamed)] == ids
    assert claim_ids(["Same words here", "Same words there"]) == ["claim-same-words-here", "claim-same-words-there"]
    assert claim_ids(["Twice", "Twice"]) == ["claim-twice", "claim-twice-2"]


def test_automatic_matches_without_curation() -> None:
    claims = collect_claims(DOCUMENTS)
    assert len(claims) == 18
    linked = link_claims(claims, PARAGRAPHS, ())
    expects = next(c for c in linked if c.text.startswith("Expects AGI"))
    assert expects.support[0].paragraph_id == "p13" and expects.support[0].score == 100
    assert not expects.curated and "not reviewed" in expects.note
    labs = next(c for c in linked if c.text.startswith("Labs are building"))
    assert labs.support[0].paragraph_id == "p1"
    assert len(claim_warnings(linked)) == 18


def test_left_out_sections() -> None:
    comparison = "Comparison to human distribution will make us at first overestimate (and then underestimate) AI"
    assert left_out_sections(LINKED, SECTIONS) == []
    assert left_out_sections(LINKED, SECTIONS, "summary") == []
    assert left_out_sections(LINKED, SECTIONS, "note") == [comparison]


def test_notes_quote_the_essay_verbatim() -> None:
    """Words in “curly double quotes” in a curated note are the essay's own (its file, comments included)."""
    plain = ESSAY_TEXT.replace("’", "'")
    for claim in LINKED:
        for quoted in re.findall(r"“([^“”]+)", claim.note):
            for fragment in quoted.split("…"):
                fragment = fragment.strip(" .,;").replace("’", "'")
                assert not fragment or fragment in plain, (claim.id, fragment)


def stale(old: str, new: str) -> str:
    assert old in LINKS
    return LINKS.replace(old, new, 1)


@pytest.mark.parametrize(("old", "new", "marker", "message"), [
    ('      - "Currently the labs are trying to bake in"\n    note: >-\n      The essay: “there’s',
     '      - "Currently the labs are trying to bake out"\n    note: >-\n      The essay: “there’s',
     '- "Currently the labs are trying to bake out"',
     "paragraph phrase 'Currently the labs are trying to bake out' is no longer in the essay"),
    ('      - "Models keep getting more impressive"\n    note: >-\n      Quoted word for word.',
     '      - "continual learning"\n    note: >-\n      Quoted word for word.',
     '- "continual learning"',
     "paragraph phrase 'continual learning' occurs in 6 paragraphs; quote more words"),
    ('claim: "Expects AGI', 'claim: "Expects ASI', 'claim: "Expects ASI',
     "claim 'Expects ASI \"in the next decade or two\"' is not in any key point, key claim or summary sentence"),
    ('claim: "Expects AGI \\"in the next decade or two\\""', 'claim: "AGI"', 'claim: "AGI"',
     "claim 'AGI' matches 14 claims, expected exactly one"),
    ("verdict: not-in-essay\n    paragraphs: []", "verdict: supported\n    paragraphs: []",
     'claim: "He even hints', "verdict 'supported' needs at least one paragraph of the essay"),
    ("verdict: not-in-essay\n    paragraphs: []", 'verdict: not-in-essay\n    paragraphs: ["Models keep getting"]',
     'claim: "He even hints', "verdict 'not-in-essay' cannot list essay paragraphs"),
    ("verdict: misstated", "verdict: wrong", "verdict: wrong",
     "claims.19.verdict: Input should be 'supported', 'partly', 'misstated', 'unsupported' or 'not-in-essay'"),
])
def test_stale_or_bad_curation_is_a_one_line_error(old: str, new: str, marker: str, message: str) -> None:
    text = stale(old, new)
    with pytest.raises(SourceError) as err:
        link(text)
    where = f"{LINKS_PATH}:{line_of(marker, text)}"
    if err.value.column is not None:  # a schema error points at the value itself
        where += f":{text.split(chr(10))[line_of(marker, text) - 1].index(marker.split(': ')[-1]) + 1}"
    assert str(err.value) == f"{where}: {message}"


def test_a_claim_curated_twice_is_an_error() -> None:
    text = stale('claim: "Competition among AI labs is expected to remain intense"', 'claim: "Expects AGI"')
    with pytest.raises(SourceError) as err:
        link(text)
    first, second = (m.start() for m in re.finditer('claim: "Expects AGI', text))
    line = text[:second].count("\n") + 1
    assert str(err.value) == (f"{LINKS_PATH}:{line}: claim 'Expects AGI \"in the next decade or two\"' is already "
                              "curated on line "
                              f"{text[:first].count(chr(10)) + 1}")


def test_prose_claim_is_the_whole_sentence() -> None:
    gemini = by_text("models like Gemini 3")
    assert gemini.kind == "prose" and gemini.source == "summary"
    assert gemini.text.startswith("However, he argues") and gemini.text.endswith("expected in 2020.")
    assert gemini.span and gemini.span.line == 21


def test_link_claims_is_pure_over_its_inputs() -> None:
    claims = [Claim("summary", "key-point", "Humans don't need a special training phase to rehearse software.")]
    first = link_claims(claims, PARAGRAPHS)
    assert first == link_claims(claims, PARAGRAPHS)
    assert first[0].support and first[0].support[0].paragraph_id == "p2"


def _reference_score(statement: str, paragraph: str, texts: list[str]) -> float:
    """The scorer's documented formula, computed the slow, direct way (the oracle for Scorer.ranked)."""
    if any(contains_phrase(q, paragraph) for q in quoted_phrases(statement) if len(q.split()) >= 3):
        return 100.0
    words = content_words(statement)
    if not words:
        return 0.0
    counts = Counter(w for t in texts for w in set(content_words(t)))
    n = len(texts)

    def weight(word: str) -> float:
        return math.log((n + 1) / (counts[word] + 0.5)) if word in counts else math.log(n + 1) + 1.0

    parts = sentences(paragraph)
    spans = [paragraph, *parts, *(f"{a} {b}" for a, b in pairwise(parts))] if len(parts) > 1 else [paragraph]
    best = 0.0
    for span in spans:
        window = content_words(span)
        credit = [max((fuzz.ratio(w, v) for v in window if fuzz.ratio(w, v) >= WORD_MATCH), default=0.0)
                  for w in words]
        recall = 100 * sum(weight(w) * c / 100 for w, c in zip(words, credit)) / sum(weight(w) for w in words)
        best = max(best, (fuzz.token_set_ratio(" ".join(words), " ".join(window)) + recall) / 2)
    return round(best, 1)


def test_scorer_agrees_with_the_direct_formula() -> None:
    texts = [text for _, text in PARAGRAPHS]
    scorer = Scorer(texts)
    statements = [c.text for c in collect_claims(DOCUMENTS)[:6]]
    statements += ["Continual learning is the bottleneck", "presitge of diffuse labs", "the and of"]
    for statement in statements:
        ranked = dict(scorer.ranked(statement))
        for index in range(0, len(texts), 7):
            assert ranked[index] == pytest.approx(_reference_score(statement, texts[index], texts), abs=0.11), \
                (statement, index)


def test_any_number_of_summaries_each_keep_their_claims() -> None:
    digest_path = "sources/summary-digest.md"
    digest = parse_summary((ROOT / "examples/summary-digest.md").read_text(encoding="utf-8"), digest_path)
    documents = [("summary", SUMMARY), ("summary-digest", digest), ("note", NOTE), ("note-copy", NOTE)]
    claims = collect_claims(documents)
    by_source = {key: [c.text for c in claims if c.source == key] for key, _ in documents}
    assert by_source["summary"] == [p.text for p in SUMMARY.key_points]
    assert by_source["summary-digest"] == [p.text for p in digest.key_points]
    assert by_source["note"] == by_source["note-copy"] == [c.text for c in NOTE.key_claims]
    assert [c.span.path for c in claims if c.source == "summary-digest"] == [digest_path] * 3
    ids = [c.id for c in link_claims(claims, PARAGRAPHS, ())]
    assert len(set(ids)) == len(ids)  # the same key claim in two notes gets two pages
    assert collect_claims([]) == []


def test_a_curated_entry_for_a_source_the_essay_lacks_names_it() -> None:
    text = "claims:\n  - claim: Expects AGI\n    source: summary-gpt\n    verdict: supported\n    note: A note.\n"
    overrides = parse_claim_links(text, LINKS_PATH)
    with pytest.raises(SourceError) as err:
        collect_claims(DOCUMENTS, overrides)
    assert err.value.one_line() == (f"{LINKS_PATH}:3: source 'summary-gpt' is not a summary or note of this essay; "
                                    "they are: summary, note")


def test_a_claim_looked_for_in_the_wrong_source_names_that_source() -> None:
    text = "claims:\n  - claim: Expects AGI\n    source: summary\n    verdict: supported\n    note: A note.\n"
    with pytest.raises(SourceError) as err:
        collect_claims(DOCUMENTS, parse_claim_links(text, LINKS_PATH))
    assert err.value.one_line() == (f"{LINKS_PATH}:2: claim 'Expects AGI' is not in any key point, key claim or "
                                    "summary sentence of 'summary'")


def test_adding_a_summary_moves_no_claim_id() -> None:
    first_point = SUMMARY.key_points[1].text  # "Current AI training methods, involving 'pre-baking' skills, …"
    text = ("---\ntitle: T\nblog_url: https://example.org/\n---\n\n## Key Points\n\n"
            f"{first_point.split(',')[0]}, in this digest's words, are all that is needed.\n"  # same opening words
            f"{first_point}\n"  # the very same point
            "\n## Key Topics Discussed\n\nProse.\n")
    digest = parse_summary(text, "sources/digest.md")
    before = {c.text: c.id for c in link_claims(collect_claims(DOCUMENTS), PARAGRAPHS, ())}
    after = link_claims(collect_claims([*DOCUMENTS, ("summary-digest", digest)]), PARAGRAPHS, ())
    assert {c.text: c.id for c in after if c.source in ("summary", "note")} == before
    digest_ids = [c.id for c in after if c.source == "summary-digest"]
    assert digest_ids[1] == before[first_point] + "-2"  # the same point, added later, is numbered
    assert len(set(c.id for c in after)) == len(after)
