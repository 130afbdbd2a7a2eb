"""`essay-edition init` as a new user runs it: the example essay and narration to a strict build.

Each build test copies what the site needs (mkdocs.yml, docs/, overrides/) into a temporary folder
with no essay of its own, runs ``python -m essay_edition init`` on files from ``examples/``, pastes the
mkdocs.yml lines init printed where it said to, and runs ``mkdocs build --strict``: nothing else is
written by hand. The expected times come from ``examples/make_narration.py``, which made the captions.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from types import ModuleType

import pytest
import yaml
from bs4 import BeautifulSoup

from essay_edition.cli import main
from essay_edition.init import config_advice

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
VIDEO = "Night train essay read aloud [nightTrain1]"
CAPTIONS = {  # format -> the example file in it
    "rolling-vtt": f"{VIDEO}.en.vtt",
    "vtt": "narration.vtt",
    "srt": "narration.srt",
    "json3": f"{VIDEO}.en.json3",
    "dump": "youtube-captions.txt",
}
TOLERANCE = {"dump": 1.0}  # the dump's times are whole seconds; the other formats keep milliseconds
DEFAULT_TOLERANCE = 0.5
SKIPPED = "Some of the rolling stock simply wore out."  # the paragraph the narrator leaves out
FOLDER = "essays/example"


def load_narration_script() -> ModuleType:
    """Return examples/make_narration.py as a module."""
    spec = importlib.util.spec_from_file_location("make_narration", EXAMPLES / "make_narration.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


NARRATION = load_narration_script()


@pytest.fixture()
def site(tmp_path: Path) -> Path:
    """A folder holding what the site build needs besides an essay: mkdocs.yml, docs/ and overrides/."""
    for name in ("docs", "overrides"):
        shutil.copytree(ROOT / name, tmp_path / name)
    shutil.copy(ROOT / "mkdocs.yml", tmp_path / "mkdocs.yml")
    return tmp_path


def run(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run a command in ``folder`` as a user types it; return its outcome."""
    return subprocess.run([sys.executable, "-m", *args], cwd=folder, env=ENV, capture_output=True, text=True,
                          timeout=300, stdin=subprocess.DEVNULL)


def init(folder: Path, *files: str) -> subprocess.CompletedProcess[str]:
    """Run ``essay_edition init essays/example`` with the given ``--role FILE`` arguments."""
    return run(folder, "essay_edition", "init", FOLDER, *files)


@pytest.fixture()
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
    """Run the command line in this process, in a folder; return (exit status, stdout, stderr)."""
    def run_here(folder: Path, *args: str) -> tuple[int, str, str]:
        monkeypatch.chdir(folder)
        status = main(list(args))
        out, err = capsys.readouterr()
        return status, out, err
    return run_here


def paste_printed_lines(folder: Path, output: str) -> list[str]:
    """Insert the mkdocs.yml lines init printed right below the line it named; return them."""
    lines = output.split("\n")
    at = next(k for k, line in enumerate(lines) if "right below line" in line)
    below = int(re.search(r"right below line (\d+) of mkdocs\.yml", lines[at])[1])
    assert lines[at + 1] == ""
    block = lines[at + 2: lines.index("", at + 2)]
    config = folder / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").split("\n")
    text[below:below] = block
    config.write_text("\n".join(text), encoding="utf-8")
    return block


def build(folder: Path) -> subprocess.CompletedProcess[str]:
    return run(folder, "mkdocs", "build", "--strict")


def start_and_build(folder: Path, *files: str) -> tuple[dict, Path]:
    """Init the essay, paste the printed lines, build strict; return the built essay.json and the essay's folder
    in the site."""
    started = init(folder, *files)
    assert started.returncode == 0, started.stderr
    assert started.stderr == ""
    block = paste_printed_lines(folder, started.stdout)
    entry = yaml.safe_load(textwrap.dedent("\n".join(block)))["essays"][-1]
    assert entry["sources_dir"] == f"{FOLDER}/sources"
    built = build(folder)
    assert built.returncode == 0, built.stderr
    assert "WARNING" not in built.stderr
    essay_site = folder / "site" / entry.get("prefix", "")
    return json.loads((essay_site / "data/essay.json").read_text(encoding="utf-8")), essay_site


def essay_paragraphs() -> tuple[list[str], list[str]]:
    """Return the example essay's section titles (from its Markdown version) and paragraphs (its text lines)."""
    headings = re.findall(r"^## (.+)$", (EXAMPLES / "essay.md").read_text(encoding="utf-8"), re.MULTILINE)
    lines = (EXAMPLES / "essay.txt").read_text(encoding="utf-8").split("\n")[2:]
    return headings, [line for line in lines if line.strip() and line not in headings]


def words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def spoken_starts() -> dict[str, float | None]:
    """Return, per essay paragraph, when the narration script starts it (None: the script skips it)."""
    paragraphs, chapters = NARRATION.read_script(NARRATION.SCRIPT)
    timed = NARRATION.time_words(paragraphs, chapters)
    starts: dict[int, float] = {}
    for word in timed:
        starts.setdefault(word.paragraph, word.start / 1000)
    found: dict[str, float | None] = {}
    for text in essay_paragraphs()[1]:
        scores = [len(words(text) & words(" ".join(p))) / len(words(text) | words(" ".join(p))) for p in paragraphs]
        best = max(range(len(paragraphs)), key=scores.__getitem__)
        found[text] = starts[best] if scores[best] > 0.5 else None
    return found


def page_elements(site_dir: Path, essay: dict) -> dict[str, object]:
    """Return every paragraph's element on its built page, by paragraph id (None when missing)."""
    found: dict[str, object] = {}
    pages: dict[str, BeautifulSoup] = {}
    for section in essay["sections"]:
        for paragraph in section["paragraphs"]:
            page = paragraph["url"].split("#")[0]
            if page not in pages:
                pages[page] = BeautifulSoup((site_dir / page / "index.html").read_text(encoding="utf-8"), "lxml")
            found[paragraph["id"]] = pages[page].find(id=paragraph["id"])
    return found


def check_essay_pages(folder: Path, essay_site: Path, essay: dict) -> dict[str, object]:
    """Assert the example essay's sections, paragraphs and their pages; return the paragraph elements."""
    headings, texts = essay_paragraphs()
    assert [s["title"] for s in essay["sections"]] == headings
    assert [p["text"] for s in essay["sections"] for p in s["paragraphs"]] == texts
    for section in essay["sections"]:
        assert (folder / "site" / section["url"] / "index.html").is_file()
    elements = page_elements(folder / "site", essay)
    for section in essay["sections"]:
        for paragraph in section["paragraphs"]:
            element = elements[paragraph["id"]]
            assert element is not None, paragraph["id"]
            assert " ".join(element.get_text().split()).startswith(paragraph["text"])
    review = (essay_site / "review/index.html").read_text(encoding="utf-8")
    assert "My guess is that by 2030" in review
    return elements


@pytest.mark.slow
@pytest.mark.parametrize("kind", CAPTIONS)
def test_init_then_strict_build_times_the_example_essay(site: Path, kind: str) -> None:
    essay, essay_site = start_and_build(site, "--essay", str(EXAMPLES / "essay.txt"), "--captions",
                                        str(EXAMPLES / CAPTIONS[kind]))
    elements = check_essay_pages(site, essay_site, essay)
    expected = spoken_starts()
    assert [text for text, start in expected.items() if start is None] == [next(t for t in expected if t.startswith(SKIPPED))]
    tolerance = TOLERANCE.get(kind, DEFAULT_TOLERANCE)
    for section in essay["sections"]:
        for paragraph in section["paragraphs"]:
            start, element = paragraph["narration"]["start"], elements[paragraph["id"]]
            if expected[paragraph["text"]] is None:
                assert start is None and not element.has_attr("data-start"), paragraph["id"]
            else:
                assert start == pytest.approx(expected[paragraph["text"]], abs=tolerance), paragraph["id"]
                assert float(element["data-start"]) == pytest.approx(start, abs=0.01)
    assert (essay_site / "narration/youtube/index.html").is_file()
    assert (essay_site / "index.html").is_file()


@pytest.mark.slow
def test_essay_text_alone_builds_strict(site: Path) -> None:
    essay, essay_site = start_and_build(site, "--essay", str(EXAMPLES / "essay.txt"))
    elements = check_essay_pages(site, essay_site, essay)
    assert not any(element.has_attr("data-start") for element in elements.values())
    assert not (essay_site / "narration").exists()


@pytest.mark.slow
def test_markdown_essay_with_video_info_builds_strict(site: Path) -> None:
    essay, essay_site = start_and_build(site, "--essay", str(EXAMPLES / "essay.md"), "--captions",
                                        str(EXAMPLES / CAPTIONS["json3"]), "--info", str(EXAMPLES / f"{VIDEO}.info.json"))
    assert essay["title"] == "The night train's second life" and essay["published"] == "2026-10-02"
    assert [s["title"] for s in essay["sections"]] == essay_paragraphs()[0]
    assert essay["footnotes"][0]["text"].startswith("The Fitchburg Railroad ran along the edge of Walden Pond")
    timed = [p for s in essay["sections"] for p in s["paragraphs"] if p["narration"]["start"] is not None]
    assert len(timed) == len(essay_paragraphs()[1]) - 1
    home = (essay_site / "index.html").read_text(encoding="utf-8")
    assert "Robin Vale" in home


@pytest.mark.slow
def test_any_number_of_summaries_and_notes_build_strict(site: Path) -> None:
    essay, essay_site = start_and_build(site, "--essay", str(EXAMPLES / "essay.txt"),
                                        "--summary", str(EXAMPLES / "summary-tldr.md"), str(EXAMPLES / "summary-digest.md"),
                                        "--note", str(EXAMPLES / "knowledge-note.txt"))
    manifest = json.loads((site / FOLDER / "sources/manifest.json").read_text(encoding="utf-8"))
    assert sorted(manifest) == ["essay", "note", "summary", "summary-digest"]
    page = BeautifulSoup((essay_site / "summaries/index.html").read_text(encoding="utf-8"), "lxml")
    headings = [h.get_text(strip=True).rstrip("#") for h in page.select("article h2")]
    assert headings == ["TL;DR summary", "TL;DR summary (digest)", "Knowledge note", "What the summaries leave out"]
    assert "three third-party summaries" in page.find("meta", attrs={"name": "description"})["content"]
    text = " ".join(page.select_one("article").get_text(" ").split())
    assert "10 statements checked" in text and "(all matched automatically, not yet reviewed" in text
    assert "No statement of the knowledge note draws on" in text or "The knowledge note draws on every" in text
    cited = [c for s in essay["sections"] for p in s["paragraphs"] for c in p["cited_by"] if c["kind"] == "claim"]
    assert {c["source"] for c in cited} == {"summary", "summary-digest", "note"}
    digest = next(c for c in cited if c["source"] == "summary-digest")
    claim_page = BeautifulSoup((essay_site / digest["url"] / "index.html").read_text(encoding="utf-8"), "lxml")
    assert "of the TL;DR summary (digest)" in claim_page.select_one("article").get_text(" ")


def test_init_refuses_a_folder_that_has_files(site: Path, cli) -> None:
    assert cli(site, "init", FOLDER, "--essay", str(EXAMPLES / "essay.txt"))[0] == 0
    before = {p: p.read_bytes() for p in (site / FOLDER).rglob("*") if p.is_file()}
    assert cli(site, "init", FOLDER, "--essay", str(EXAMPLES / "essay.md")) == (
        2, "", f"{FOLDER}/sources: already holds files: init never overwrites an edition; choose a new folder "
               "(or remove this one)\n")
    assert {p: p.read_bytes() for p in (site / FOLDER).rglob("*") if p.is_file()} == before


@pytest.mark.parametrize(("args", "message"), [
    (["--essay", "missing.txt"], "missing.txt: no such file (given as --essay)"),
    (["--essay", "essay.txt", "--captions", "missing.vtt"], "missing.vtt: no such file (given as --captions)"),
    (["--essay", "essay.txt", "--captions", "empty.vtt"],
     "empty.vtt:1: the file is empty"),
    (["--essay", "essay.txt", "--captions", "info.json"],
     "info.json:1: looks like yt-dlp's .info.json (video facts, no captions); accepted: WebVTT, "
     "SRT, YouTube json3, the text dump"),
    (["--essay", "empty.txt"], "empty.txt:1: the essay file is empty"),
    (["--essay", "essay.txt", "--captions", "essay.txt"],
     "essay.txt: two sources would both be named 'essay.txt' in sources/: rename one"),
])
def test_init_with_a_bad_file_says_so_in_one_line_and_leaves_nothing(tmp_path: Path, cli, args: list[str],
                                                                      message: str) -> None:
    shutil.copy(EXAMPLES / "essay.txt", tmp_path / "essay.txt")
    shutil.copy(EXAMPLES / f"{VIDEO}.info.json", tmp_path / "info.json")
    (tmp_path / "empty.vtt").write_text("", encoding="utf-8")
    (tmp_path / "empty.txt").write_text("\n", encoding="utf-8")
    assert cli(tmp_path, "init", FOLDER, *args) == (2, "", message + "\n")
    assert not (tmp_path / "essays").exists()
    assert cli(tmp_path, "init", FOLDER, "--essay", "essay.txt")[0] == 0  # the same folder, once the files are right


def test_init_output_names_what_it_made_and_what_comes_next(site: Path, cli) -> None:
    status, out, err = cli(site, "init", FOLDER, "--essay", str(EXAMPLES / "essay.txt"), "--captions",
                           str(EXAMPLES / CAPTIONS["rolling-vtt"]))
    assert (status, err) == (0, "")
    assert out.startswith("Started the edition of essay.txt in essays/example/: 15 paragraphs in 4 sections; "
                          "the narration times 14 of them.\n")
    assert ("\nWaiting for review (they do not fail the build): 6 sentences that may be forecasts, 9 suspected "
            "caption errors.\n") in out
    assert f"  wrote {FOLDER}/sources/: manifest.json, essay.txt, {VIDEO}.en.vtt\n" in out
    assert f"check them in {FOLDER}/data/essay_layout.yaml" in out
    assert f"  {FOLDER}/sources/essay.txt:4: heading 'A slow way to arrive rested'" in out
    assert "  video id nightTrain1 (from the captions' file name, as yt-dlp names them)\n" in out
    assert "\n2. Build the site:  mkdocs build --strict   (the essay's pages go to site/, at its root;" in out
    layout_text = (site / FOLDER / "data/essay_layout.yaml").read_text(encoding="utf-8")
    assert "\nauthor: ''  # not in the text: add who wrote the essay\n" in layout_text
    layout = yaml.safe_load(layout_text)
    assert layout["video"] == {"id": "nightTrain1"} and layout["review"] == "queue"
    assert layout["headings"] == essay_paragraphs()[0]


def test_manifest_on_a_new_folder_creates_it(tmp_path: Path, cli) -> None:
    (tmp_path / "mine").mkdir()
    shutil.copy(EXAMPLES / "essay.txt", tmp_path / "mine/essay.txt")
    result = cli(tmp_path, "--sources", "mine", "manifest", "--role", "essay=essay.txt")
    assert result == (0, "recorded mine/manifest.json\n", "")
    manifest = json.loads((tmp_path / "mine/manifest.json").read_text(encoding="utf-8"))
    assert manifest["essay"]["file"] == "essay.txt"
    assert manifest["essay"]["sha256"] == hashlib.sha256((EXAMPLES / "essay.txt").read_bytes()).hexdigest()


def test_manifest_on_a_new_folder_without_roles_says_how(tmp_path: Path, cli) -> None:
    (tmp_path / "mine").mkdir()
    assert cli(tmp_path, "--sources", "mine", "manifest") == (
        2, "", "mine/manifest.json: no manifest yet: name the files, e.g. --role essay=essay.txt "
               "--role captions=captions.vtt (roles: essay, captions, video, podcast, summary, note)\n")


def test_a_new_folder_with_only_its_manifest_checks(tmp_path: Path, cli) -> None:
    (tmp_path / "mine").mkdir()
    shutil.copy(EXAMPLES / "essay.txt", tmp_path / "mine/essay.txt")
    assert cli(tmp_path, "--sources", "mine", "manifest", "--role", "essay=essay.txt")[0] == 0
    status, out, err = cli(tmp_path, "--sources", "mine", "--data", "mine-data", "check")
    assert (status, err) == (0, ""), err


def test_example_files_are_what_the_script_makes() -> None:
    files = NARRATION.make_files(NARRATION.SCRIPT)
    assert set(files) == {*CAPTIONS.values(), f"{VIDEO}.info.json"}
    for name, text in files.items():
        assert (EXAMPLES / name).read_text(encoding="utf-8") == text, f"run python examples/make_narration.py ({name})"
    timed = NARRATION.time_words(*NARRATION.read_script(NARRATION.SCRIPT))
    assert len(timed) / (timed[-1].end / 60_000) == pytest.approx(150, abs=1)


def seconds(stamp: str) -> float:
    hours, minutes, rest = stamp.split(":")
    return int(hours) * 3600 + int(minutes) * 60 + float(rest)


def test_rolling_captions_are_written_as_youtube_auto_captions() -> None:
    text = (EXAMPLES / CAPTIONS["rolling-vtt"]).read_text(encoding="utf-8")
    assert text.startswith("WEBVTT\nKind: captions\nLanguage: en\n\n")
    cues = [c.split("\n") for c in text.rstrip("\n").split("\n\n")[1:]]
    assert all(re.fullmatch(r"[\d:.]+ --> [\d:.]+ align:start position:0%", c[0]) and len(c) == 3 for c in cues)
    assert all(re.fullmatch(r"[a-z0-9' ]*|[a-z0-9']+(<[\d:.]+><c> [a-z0-9']+</c>)+", line) for c in cues for line in c[1:])
    adding = [c for c in cues if seconds(c[0][17:29]) - seconds(c[0][:12]) > 0.011]  # not the 10 ms cues that
    # show a finished line alone
    assert len(adding) == len(cues) // 2 and sum("<c>" in c[2] for c in adding) > len(adding) * 0.9
    for before, after in zip(adding, adding[1:]):  # each cue repeats the line the cue before added
        assert after[1] == re.sub(r"<[^>]+>", "", before[2])


CONFIG_WITHOUT_ESSAYS = "site_name: x\nplugins:\n  - essay-edition:\n      extra_nav: []\n  - search\n"
CONFIG_WITH_ESSAYS = ("site_name: x\nplugins:\n  - search\n  - essay-edition:\n      essays:\n"
                      "        - {sources_dir: a/sources, data_dir: a/data, prefix: \"example/\"}\n  - tags\n")


@pytest.mark.parametrize(("config", "root_essay", "where", "lines", "prefix"), [
    (CONFIG_WITHOUT_ESSAYS, False, "paste these lines right below line 3 of {config} (`- essay-edition:`)",
     ["      essays:", "        - {sources_dir: essays/example/sources, data_dir: essays/example/data}"], ""),
    (CONFIG_WITHOUT_ESSAYS, True, "paste these lines right below line 3 of {config} (`- essay-edition:`)",
     ["      essays:", "        - {sources_dir: sources, data_dir: data}  # the essay the site already has, at its root",
      "        - {sources_dir: essays/example/sources, data_dir: essays/example/data, prefix: example/}"], "example/"),
    (CONFIG_WITH_ESSAYS, True, "add this line at the end of the `essays:` list, right below line 6 of {config}",
     ["        - {sources_dir: essays/example/sources, data_dir: essays/example/data, prefix: example-2/}"],
     "example-2/"),
    ("site_name: x\nplugins:\n  - search\n", True, "paste these lines right below line 2 of {config} (`plugins:`)",
     ["  - essay-edition:", "      essays:", "        - {sources_dir: essays/example/sources, data_dir: essays/example/data}"],
     ""),
    ("site_name: x\nplugins:\n  - essay-edition\n", False, "replace line 3 of {config} (`- essay-edition`) with these lines",
     ["  - essay-edition:", "      essays:", "        - {sources_dir: essays/example/sources, data_dir: essays/example/data}"],
     ""),
    ("site_name: x\nplugins:\n  - essay-edition\n", True, "replace line 3 of {config} (`- essay-edition`) with these lines",
     ["  - essay-edition:", "      essays:",
      "        - {sources_dir: sources, data_dir: data}  # the essay the site already has, at its root",
      "        - {sources_dir: essays/example/sources, data_dir: essays/example/data, prefix: example/}"], "example/"),
])
def test_config_lines_fit_the_config_as_it_stands(tmp_path: Path, config: str, root_essay: bool, where: str,
                                                  lines: list[str], prefix: str) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(config, encoding="utf-8")
    if root_essay:
        (tmp_path / "sources").mkdir()
        (tmp_path / "sources/manifest.json").write_text("{}", encoding="utf-8")
    advice = config_advice(path, tmp_path / FOLDER)
    assert (advice.where, list(advice.lines), advice.prefix) == (where.format(config=path.as_posix()), lines, prefix)
    text = config.split("\n")
    replaced = re.match(r"replace line (\d+)", advice.where)
    if replaced:
        text[int(replaced[1]) - 1: int(replaced[1])] = lines
    else:
        text[advice.below_line:advice.below_line] = lines
    plugins = yaml.safe_load("\n".join(text))["plugins"]
    options = next(p["essay-edition"] for p in plugins if isinstance(p, dict) and "essay-edition" in p)
    assert options["essays"][-1] == {"sources_dir": f"{FOLDER}/sources", "data_dir": f"{FOLDER}/data",
                                     **({"prefix": prefix} if prefix else {})}


def test_config_lines_without_a_config(tmp_path: Path) -> None:
    advice = config_advice(tmp_path / "mkdocs.yml", tmp_path / FOLDER)
    assert advice.where == f"add these lines to the site's MkDocs config ({(tmp_path / 'mkdocs.yml').as_posix()} " \
                           "cannot be read)"
    assert advice.lines[:2] == ("plugins:", "  - essay-edition:") and advice.below_line is None


def test_review_lists_the_new_essays_queue_and_where_each_item_goes(site: Path, cli) -> None:
    assert cli(site, "init", FOLDER, "--essay", str(EXAMPLES / "essay.txt"), "--captions",
               str(EXAMPLES / CAPTIONS["srt"]))[0] == 0
    status, out, err = cli(site, "--sources", f"{FOLDER}/sources", "--data", f"{FOLDER}/data", "review",
                           "--today", "2026-11-30")
    assert (status, err) == (0, "")
    assert "  p-my-guess-is-that-by: I do not expect a single new long-distance sleeper route to open in the United " \
           "States before 2035.\n" in out
    assert (f"  (file each in {FOLDER}/data/predictions.yaml as a forecast, or in {FOLDER}/data/not_predictions.yaml "
            "with the reason it is not one)\n\nSummary statements to check (0):\n  none\n\n") in out
    assert "the captions say “knight” where the essay has “night”" in out
    assert out.endswith(f"  (add the real errors to {FOLDER}/data/asr_corrections.yaml; the others are the "
                        "narrator's own wording)\n")
