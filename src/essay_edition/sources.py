"""Reading the raw sources and verifying them against their SHA-256 manifest (the I/O edge).

``sources/manifest.json`` records, per source (keyed by its role: essay, captions, …), the file
name, its SHA-256, byte and line counts and a short hash per line. An edition has at most one
source of each role, except summaries and notes, of which it may have any number: the first is
keyed ``summary`` (``note``), the others ``summary-<name>`` (``note-<name>``). A source that is
missing, empty, not UTF-8, truncated or changed in any byte fails with one line naming the file and,
where it can be told, the first line that differs.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SourceError

MANIFEST = "manifest.json"
ROLES = ("essay", "captions", "video", "podcast", "summary", "note")
ROLE_LABELS = {  # what readers are told a source is, where a page cites it
    "essay": "the essay",
    "captions": "the YouTube video's description",
    "video": "the YouTube video's details",
    "podcast": "the podcast transcript",
    "summary": "the TL;DR summary",
    "note": "the knowledge note",
}
REQUIRED_ROLES = ("essay",)  # every other source is optional: the pages that need it are left out
REPEATABLE_ROLES = ("summary", "note")  # any number: summary, summary-<name>, …
_REPEATED_KEY = re.compile(r"(summary|note)-([a-z0-9]+(?:-[a-z0-9]+)*)")
ROLES_HELP = (f"the roles are {', '.join(ROLES)}; a further summary or note is summary-<name> or note-<name>, "
              "<name> in lower-case letters, digits and '-'")
_LINE_HASH_CHARS = 10


def role_of(key: str) -> str | None:
    """Return the role of a manifest key ("summary-gpt" -> "summary"), or None when it names no role."""
    if key in ROLES:
        return key
    match = _REPEATED_KEY.fullmatch(key)
    return match[1] if match else None


def key_name(key: str) -> str:
    """Return the name a repeated source's key gives it ("summary-gpt" -> "gpt"); "" for a role's first source."""
    match = _REPEATED_KEY.fullmatch(key)
    return match[2] if match else ""


def source_label(key: str, labels: dict[str, str] = ROLE_LABELS) -> str:
    """Return what ``labels`` (by role; readers' wording by default) call the source under manifest ``key``,
    a further one of its role with its key's name: "the TL;DR summary (gpt)"."""
    role = role_of(key) or key
    return labels[role] + (f" ({key_name(key)})" if key_name(key) else "")


def source_order(key: str) -> tuple[int, str]:
    """Return the sort key of a summary's or note's manifest key: summaries before notes, and within a role
    its first (keyed by the role) before the others by name."""
    role = role_of(key)
    return REPEATABLE_ROLES.index(role) if role in REPEATABLE_ROLES else len(REPEATABLE_ROLES), key_name(key)


def repeated_key(role: str, file_name: str, taken: set[str]) -> str:
    """Return a free manifest key for one more source of ``role``: the role itself, else
    ``role-<file stem>`` (its lower-case words joined by '-', without a leading role word), numbered
    when that too is taken."""
    if role not in taken:
        return role
    words = re.findall(r"[a-z0-9]+", Path(file_name).stem.lower())
    words = (words[1:] if words[:1] == [role] else words) or ["2"]  # "summary-digest.md" -> summary-digest
    base = f"{role}-{'-'.join(words)[:40].strip('-')}"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


@dataclass(frozen=True)
class SourceText:
    """One verified source: its role, display path and decoded text."""

    role: str
    path: str
    text: str
    key: str = ""  # its manifest key when that is not the role itself ("summary-gpt")


def _line_hashes(data: bytes) -> list[str]:
    return [hashlib.sha256(line).hexdigest()[:_LINE_HASH_CHARS] for line in data.split(b"\n")]


def manifest_entry(name: str, data: bytes, origin: str | None = None) -> dict[str, object]:
    """Return the manifest record of one source file's bytes."""
    entry: dict[str, object] = {
        "file": name,
        "sha256": hashlib.sha256(data).hexdigest(),
        "bytes": len(data),
        "lines": data.count(b"\n") + 1,
        "line_sha256": _line_hashes(data),
    }
    if origin:
        entry["origin"] = origin
    return entry


def write_manifest(directory: Path, files: dict[str, str], origins: dict[str, str] | None = None,
                   display: str = "sources") -> Path:
    """Write ``manifest.json`` for ``files`` (role → file name) in ``directory``; return its path."""
    origins = origins or {}
    manifest = {}
    for role, name in sorted(files.items()):
        if role_of(role) is None:
            raise SourceError(f"{display}/{MANIFEST}", None, f"unknown role {role[:40]!r}; {ROLES_HELP}")
        problem = _entry_problem({"file": name})
        if problem:
            raise SourceError(f"{display}/{MANIFEST}", None, f"{role!r}: {problem}")
        data = _read_source_bytes(directory, name, f"{display}/{name}", role_of(role) or role)
        manifest[role] = manifest_entry(name, data, origins.get(role))
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def read_manifest(directory: Path, display: str) -> dict[str, dict[str, object]]:
    """Return the manifest of a sources directory; raise SourceError if it is missing or malformed."""
    path = directory / MANIFEST
    where = f"{display}/{MANIFEST}"
    try:
        text = path.read_text(encoding="utf-8")
        data = json.loads(text)
    except FileNotFoundError:
        raise SourceError(where, None, "the sources manifest is missing") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise SourceError(where, getattr(exc, "lineno", None), f"the manifest is not valid JSON: {exc}") from None
    except (ValueError, RecursionError) as exc:  # a number of over 4,300 digits; nesting deeper than Python's stack
        raise SourceError(where, None, f"the manifest cannot be read: {str(exc).splitlines()[0][:120]}") from None
    if not isinstance(data, dict) or not all(isinstance(v, dict) and "file" in v for v in data.values()):
        raise SourceError(where, 1, "the manifest must map each role to a record with a 'file'")
    for role, entry in data.items():
        problem = None if role_of(role) else f"unknown role {role[:40]!r}; {ROLES_HELP}"
        if problem is None and (entry_problem := _entry_problem(entry)):
            problem = f"{role!r}: {entry_problem}"
        if problem:
            at = text.find(json.dumps(role))
            raise SourceError(where, text.count("\n", 0, at) + 1 if at >= 0 else None, problem)
    return data


def _entry_problem(entry: dict[str, object]) -> str | None:
    """What is wrong with one manifest record, or None: the file must be a plain name in the folder."""
    name = entry["file"]
    if not isinstance(name, str) or not name.strip():
        return "'file' must be a non-empty file name"
    if any(c in name for c in "/\\\0\n\r") or name in {".", ".."}:
        return f"'file' must name a file in the sources folder, not {name[:60]!r}"
    if len(name.encode("utf-8")) > 255:
        return "'file' is longer than a file name can be (255 bytes)"
    if not isinstance(entry.get("sha256", ""), str):
        return "'sha256' must be a string"
    hashes = entry.get("line_sha256", [])
    if not isinstance(hashes, list) or not all(isinstance(h, str) for h in hashes):
        return "'line_sha256' must be a list of strings"
    return None


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def clean_text(text: str, path: str) -> str:
    """Return ``text`` with its line endings made ``\n``; raise SourceError at a control character.

    One policy for every source and curated file: Windows (CRLF) and old Mac (CR) line endings are
    read as ``\n``, so no ``\r`` reaches a page, an export or the search index; a NUL or any other
    control character but tab is refused with its line and column. A leading byte-order mark is dropped.
    """
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    match = _CONTROL.search(text)
    if match is None:
        return text
    line = text.count("\n", 0, match.start()) + 1
    column = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
    raise SourceError(path, line, f"the control character U+{ord(match[0]):04X} is not text", column=column)


def verify_source(data: bytes, entry: dict[str, object], path: str) -> str:
    """Return the decoded text of a source whose bytes match its manifest entry, else raise SourceError."""
    if not data:
        raise SourceError(path, 1, "the file is empty")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(path, line, f"not valid UTF-8 (byte {exc.start}): re-encoded?") from None
    if hashlib.sha256(data).hexdigest() == entry.get("sha256"):
        return clean_text(text, path)
    raise SourceError(path, *_first_difference(data, entry))


def _first_difference(data: bytes, entry: dict[str, object]) -> tuple[int | None, str]:
    expected = [str(h) for h in entry.get("line_sha256", [])]  # type: ignore[union-attr]
    actual = _line_hashes(data)
    if b"\r\n" in data:
        first_crlf = data[: data.index(b"\r\n")].count(b"\n") + 1
        return first_crlf, "has Windows (CRLF) line endings; the recorded source has none"
    for i, (a, e) in enumerate(zip(actual, expected)):
        if a != e:
            if i == len(actual) - 1 and len(actual) <= len(expected):
                return i + 1, f"truncated: ends inside line {i + 1} of {len(expected)} recorded lines"
            return i + 1, "differs from the recorded source (sha256 mismatch with the manifest)"
    if len(actual) < len(expected):
        return len(actual), f"truncated: {len(actual)} lines, the recorded source has {len(expected)}"
    if len(actual) > len(expected):
        return len(expected) + 1, f"has {len(actual) - len(expected)} lines more than the recorded source"
    return None, "differs from the recorded source (sha256 mismatch with the manifest)"


MAX_BYTES = {"essay": 2_000_000, "summary": 2_000_000, "note": 2_000_000}
"""Size limits per role, far above any real essay; any other role (captions, podcast, video) gets DEFAULT_MAX_BYTES."""
DEFAULT_MAX_BYTES = 20_000_000


def inside(directory: Path, name: str, path: str) -> Path:
    """Return the file ``name`` of ``directory``; raise SourceError when it is a link that leaves the folder.

    Nothing outside the folder is read or echoed: a source is a file the edition keeps a byte copy of.
    """
    target = directory / name
    if target.is_symlink() and not target.resolve().is_relative_to(directory.resolve()):
        raise SourceError(path, None, "is a symbolic link to a file outside its folder: copy the file in instead")
    return target


def _read_source_bytes(directory: Path, name: str, path: str, role: str = "") -> bytes:
    """Return a source file's bytes; a missing, outside, oversized or unreadable file is a SourceError."""
    limit = MAX_BYTES.get(role, DEFAULT_MAX_BYTES)
    try:
        target = inside(directory, name, path)
        if target.stat().st_size > limit:
            raise SourceError(path, None, f"is larger than {limit // 1_000_000} MB, the limit for the {role or 'source'} "
                                          "file: is it the right file?")
        return target.read_bytes()
    except FileNotFoundError:
        raise SourceError(path, None, f"the source file is missing (listed in {path.rsplit('/', 1)[0]}/{MANIFEST})") \
            from None
    except OSError as exc:  # a folder, unreadable, …: one line, never a traceback
        raise SourceError(path, None, f"cannot read the source file: {exc.strerror or exc}") from None


def load_sources(directory: Path, display: str = "sources") -> dict[str, SourceText]:
    """Return every source listed in the manifest, verified, keyed by its manifest key (the role, or
    ``summary-<name>``/``note-<name>`` for a further summary or note)."""
    manifest = read_manifest(directory, display)
    missing = [role for role in REQUIRED_ROLES if role not in manifest]
    if missing:
        raise SourceError(f"{display}/{MANIFEST}", None, f"no entry for the role {missing[0]!r}")
    out: dict[str, SourceText] = {}
    for key, entry in manifest.items():
        role = role_of(key) or key
        name = str(entry["file"])
        path = f"{display}/{name}"
        text = verify_source(_read_source_bytes(directory, name, path, role), entry, path)
        out[key] = SourceText(role, path, text, key if key != role else "")
    return out
