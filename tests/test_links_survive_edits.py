"""Shared links survive edits honestly: a changed passage's old id says what happened and where the text went.

A small essay is built (its ids recorded), edited as an author would edit, and built again; each old
link is then checked on the rebuilt pages: the note says reworded, shortened, split, merged or
removed, links the passage(s) the text went to, a split keeps the id on the half holding most of the
old text, and a renamed section's old address leads to its new page with the fragment kept.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from edition_data import page_soup

from essay_edition.build import EssayInput, build_edition, write_registry
from essay_edition.sources import write_manifest

P1 = ("The harbour town woke before the fishing boats came in, and every shop on the quay kept its shutters "
      "half open until the first crates of mackerel reached the market hall.")
P1_REWORDED = ("Long before the fishing boats came in the harbour town was up, and each store along the quay left its "
               "shutters partly raised while it waited for the first boxes of mackerel to reach the hall.")  # ratio 67
P2_KEEP = "Gulls circled the slipway at dawn. Then the bell rang for the market."
P2_CUT = " The old harbour master counted every hull from his window above the chandlery, as he had for years."
P3_A = ("Trade in the town depended on the weather more than on any price set in the capital, because a week of "
        "gales emptied the market and a week of calm filled it past what the hall could hold.")
P3_B = "Merchants learned to read the sky."
P4 = "The railway arrived late, in a year of poor catches, and it changed less than its backers promised."
P5 = "Visitors came on summer weekends and left by the evening train, with smoked fish wrapped in newspaper."
P6 = "Every autumn a fair filled the square with stalls of rope, nets, lanterns and sweets."
P7 = "Winter closed the season, and the town went back to counting boats from the harbour wall."


def essay(first: str, second: str, third: list[str], fourth: list[str], heading: str, sixth: bool) -> str:
    """The essay: P2 is given whole (three sentences, or two once its middle one is cut)."""
    lines = ["A small harbour", "", "The old quay", first, second, *third, heading, *fourth, *([P6] if sixth else []), P7]
    return "\n".join(lines) + "\n"


P2_WHOLE = P2_KEEP.replace(" Then", P2_CUT + " Then")
ORIGINAL = essay(P1, P2_WHOLE, [P3_A + " " + P3_B], [P4, P5], "The second part", True)
EDITED = essay(P1_REWORDED, P2_KEEP, [P3_A, P3_B], [P4 + " " + P5], "The later years of the town", False)


def build(folder: Path, text: str):
    (folder / "sources").mkdir(parents=True, exist_ok=True)
    (folder / "sources/essay.txt").write_text(text, encoding="utf-8")
    write_manifest(folder / "sources", {"essay": "essay.txt"})
    edition = build_edition(EssayInput(folder / "sources", folder / "data", display_root=folder))
    (folder / "data").mkdir(exist_ok=True)
    write_registry(edition)
    return edition


@pytest.fixture(scope="module")
def editions(tmp_path_factory: pytest.TempPathFactory):
    folder = tmp_path_factory.mktemp("edits")
    before = build(folder, ORIGINAL)
    registry_before = json.loads((folder / "data/ids.json").read_text(encoding="utf-8"))
    after = build(folder, EDITED)
    return before, registry_before, after


def paragraph_ids(edition, path: str) -> list[str]:
    _, soup = page_soup(edition.pages[path].markdown)
    return [p["id"] for p in soup.select("p.para")]


def note(edition, old_id: str):
    for page in edition.pages.values():
        if page.path.startswith("essay/"):
            _, soup = page_soup(page.markdown)
            found = soup.find(id=old_id, class_="retired-note")
            if found is not None:
                return found
    raise AssertionError(f"no note for {old_id}")


def old_id(registry: dict, text: str) -> str:
    return next(key for key, entry in registry["paragraphs"].items() if entry["text"] == text)


def test_a_reworded_paragraph_says_so_and_shows_the_new_text(editions) -> None:
    _, registry, after = editions
    found = note(after, old_id(registry, P1))
    assert found["data-change"] == "reworded"
    assert "It was reworded; it now reads" in found.get_text() and P1_REWORDED in found.get_text()


def test_a_paragraph_losing_a_sentence_is_shortened_not_removed(editions) -> None:
    _, registry, after = editions
    found = note(after, old_id(registry, P2_WHOLE))
    assert found["data-change"] == "shortened" and P2_KEEP in found.get_text()
    assert "removed" not in found.get_text()


def test_a_split_keeps_the_id_on_the_half_with_most_of_the_text(editions) -> None:
    before, registry, after = editions
    first_page = "essay/the-old-quay.md"
    kept = old_id(registry, P3_A + " " + P3_B)
    ids_after = paragraph_ids(after, first_page)
    assert kept in ids_after and ids_after.index(kept) == 2  # P3_A, the longer half, is the third paragraph
    assert len(ids_after) == len(paragraph_ids(before, first_page)) + 1  # P3 became two


def test_merged_paragraphs_point_at_the_passage_holding_them(editions) -> None:
    _, registry, after = editions
    for text in (P4, P5):
        found = note(after, old_id(registry, text))
        assert found["data-change"] == "merged" and "merged into a longer passage" in found.get_text()


def test_a_deleted_paragraph_says_it_was_removed(editions) -> None:
    _, registry, after = editions
    found = note(after, old_id(registry, P6))
    assert found["data-change"] == "removed" and "It was removed from the essay." in found.get_text()


def test_a_renamed_sections_old_address_leads_to_its_new_page(editions) -> None:
    before, registry, after = editions
    old = next(key for key, entry in registry["sections"].items() if entry["text"] == "The second part")
    assert f"essay/{old}.md" in before.pages and f"essay/{old}.md" not in after.pages
    redirect = after.assets[f"essay/{old}/index.html"].decode()
    new = next(path for path in after.pages if path.startswith("essay/the-later-years"))
    target = "../../" + new.removesuffix(".md") + "/"  # from essay/<old>/ up to the root, down to the new page
    assert f'url={target}"' in redirect and f'location.replace("{target}" + location.hash)' in redirect
    _, soup = page_soup(after.pages[new].markdown)  # the notes of its old passages moved with it
    assert soup.find(id=old_id(registry, P6), class_="retired-note") is not None
