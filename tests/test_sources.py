"""Source verification against the SHA-256 manifest: every kind of damage is one line with file and line."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from essay_edition.errors import SourceError
from essay_edition.sources import ROLES, load_sources, read_manifest, repeated_key, role_of, write_manifest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT.parent / "shared" / "seeds"


@pytest.fixture()
def sources(tmp_path: Path) -> Path:
    target = tmp_path / "sources"
    shutil.copytree(ROOT / "sources", target)
    for f in target.iterdir():
        f.chmod(0o644)
    return target


def test_real_sources_verify_and_match_seeds() -> None:
    loaded = load_sources(ROOT / "sources")
    assert set(loaded) == set(ROLES) - {"video"}  # this essay has no .info.json
    manifest = json.loads((ROOT / "sources/manifest.json").read_text(encoding="utf-8"))
    if SEEDS.exists():  # the seeds sit beside the repo on developer and CI machines
        for entry in manifest.values():
            assert (ROOT / "sources" / entry["file"]).read_bytes() == (SEEDS / entry["origin"]).read_bytes()


def damage(path: Path, how: str) -> None:
    data = path.read_bytes()
    if how == "missing":
        path.unlink()
    elif how == "empty":
        path.write_bytes(b"")
    elif how == "truncated":
        path.write_bytes(data[: len(data) // 2])
    elif how == "latin1":
        path.write_bytes(data.decode("utf-8").encode("cp1252", errors="replace"))
    elif how == "utf16":
        path.write_bytes(data.decode("utf-8").encode("utf-16"))
    elif how == "crlf":
        path.write_bytes(data.replace(b"\n", b"\r\n"))
    elif how == "byte":
        path.write_bytes(data.replace(b"cludgy", b"kludgy"))


@pytest.mark.parametrize(
    ("how", "message"),
    [
        ("missing", "sources/essay.txt: the source file is missing (listed in sources/manifest.json)"),
        ("empty", "sources/essay.txt:1: the file is empty"),
        ("truncated", "sources/essay.txt:27: truncated: ends inside line 27 of 54 recorded lines"),
        ("latin1", "sources/essay.txt:4: not valid UTF-8 (byte 144): re-encoded?"),
        ("utf16", "sources/essay.txt:1: not valid UTF-8 (byte 0): re-encoded?"),
        ("crlf", "sources/essay.txt:1: has Windows (CRLF) line endings; the recorded source has none"),
        ("byte", "sources/essay.txt:10: differs from the recorded source (sha256 mismatch with the manifest)"),
    ],
)
def test_damaged_source_is_one_line_error(sources: Path, how: str, message: str) -> None:
    damage(sources / "essay.txt", how)
    with pytest.raises(SourceError) as info:
        load_sources(sources)
    assert str(info.value) == message


def test_missing_manifest(sources: Path) -> None:
    (sources / "manifest.json").unlink()
    with pytest.raises(SourceError, match=r"^sources/manifest.json: the sources manifest is missing$"):
        load_sources(sources)


@pytest.mark.parametrize(("field", "value", "message"), [
    ("file", "", "'file' must be a non-empty file name"),
    ("file", 7, "'file' must be a non-empty file name"),
    ("file", "a" * 300, "longer than a file name can be"),
    ("file", "essay\nnotes.txt", "must name a file in the sources folder"),
    ("file", "../essay.txt", "must name a file in the sources folder"),
    ("file", "..", "must name a file in the sources folder"),
    ("line_sha256", None, "'line_sha256' must be a list of strings"),
    ("line_sha256", [1, 2], "'line_sha256' must be a list of strings"),
    ("sha256", ["x"], "'sha256' must be a string"),
])
def test_bad_manifest_record_is_one_line_error_at_its_role(sources: Path, field: str, value: object,
                                                           message: str) -> None:
    manifest_path = sources / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest["essay"][field] = value
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with pytest.raises(SourceError) as err:
        load_sources(sources)
    line = err.value.one_line()
    assert "\n" not in line and message in line
    role_line = manifest_path.read_text(encoding="utf-8").splitlines().index('  "essay": {') + 1
    assert err.value.line == role_line


def test_a_folder_named_as_a_source_is_one_line_error(sources: Path) -> None:
    manifest_path = sources / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    (sources / "folder").mkdir()
    manifest["essay"]["file"] = "folder"
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    with pytest.raises(SourceError, match="cannot read the source file"):
        load_sources(sources)


def test_further_summaries_and_notes_are_keyed_by_name(sources: Path) -> None:
    (sources / "digest.md").write_bytes((ROOT / "examples/summary-digest.md").read_bytes())
    (sources / "kb.txt").write_bytes((ROOT / "examples/knowledge-note.txt").read_bytes())
    files = {key: str(entry["file"]) for key, entry in read_manifest(sources, "sources").items()}
    write_manifest(sources, files | {"summary-digest": "digest.md", "note-kb": "kb.txt"})
    loaded = load_sources(sources)
    assert (loaded["summary-digest"].role, loaded["summary-digest"].key) == ("summary", "summary-digest")
    assert (loaded["note-kb"].role, loaded["note-kb"].key) == ("note", "note-kb")
    assert (loaded["summary"].role, loaded["summary"].key) == ("summary", "")


@pytest.mark.parametrize("key", ["summary_2", "summary-", "summary-Digest", "essay-2", "captions-en", "summaries"])
def test_a_key_that_names_no_role_is_one_line_error(sources: Path, key: str) -> None:
    manifest_path = sources / "manifest.json"
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    manifest[key] = manifest["summary"]
    manifest_path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    line = manifest_path.read_text(encoding="utf-8").splitlines().index(f'  "{key}": {{') + 1
    with pytest.raises(SourceError) as err:
        load_sources(sources)
    assert err.value.one_line() == (
        f"sources/manifest.json:{line}: unknown role {key!r}; the roles are essay, captions, video, podcast, summary, "
        "note; a further summary or note is summary-<name> or note-<name>, <name> in lower-case letters, digits and '-'")


@pytest.mark.parametrize(("role", "file", "taken", "key"), [
    ("summary", "digest.md", {"essay"}, "summary"),
    ("summary", "digest.md", {"essay", "summary"}, "summary-digest"),
    ("summary", "Summary - ChatGPT.md", {"summary"}, "summary-chatgpt"),
    ("summary", "summary.md", {"summary"}, "summary-2"),
    ("note", "kb.txt", {"note", "note-kb"}, "note-kb-2"),
])
def test_a_further_summary_is_keyed_by_its_file_name(role: str, file: str, taken: set[str], key: str) -> None:
    assert repeated_key(role, file, taken) == key
    assert role_of(key) == role
