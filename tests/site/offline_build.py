"""A copy of the project built with the network refused, its id registry holding three retired ids.

The copy (mkdocs.yml, docs/, overrides/, sources/, data/) is built by ``mkdocs build --strict`` in a
child process whose sockets refuse to connect or resolve a name and record every attempt, inside a
network namespace of its own when ``unshare -rn`` works on the machine. The copy has no card cache,
so every share card is drawn during that build. Its id registry gets three retired ids, made from
the essay's own text so they hold for any essay:

- ``p-an-earlier-wording``: the first paragraph with its last word changed, on that paragraph's page
  (which still exists: the page shows where the text went);
- ``p-from-a-renamed-section``: another paragraph with its last word changed, on a page that no longer
  exists (its note goes on a page that does; the 404 page must find it there);
- ``s-a-sentence-since-cut``: text the essay no longer has, on the first page (removed).

Built once per test session, shared by the test modules that need it.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
COPIED = ("docs", "overrides", "sources", "data")
CARD_CACHE = ".cache/essay-edition/cards"
GONE_PAGE = "essay/a-section-since-renamed/"

# Runs mkdocs with every socket refusing to connect or resolve, recording each attempt.
GUARD = """
import atexit, json, socket, sys
attempts = []
def refuse(*args, **kwargs):
    attempts.append(repr(args[:2]))
    raise OSError("network refused during the build")
socket.socket.connect = socket.socket.connect_ex = refuse
socket.getaddrinfo = socket.create_connection = refuse
atexit.register(lambda: open(sys.argv[1], "w").write(json.dumps(attempts)))
from mkdocs.__main__ import cli
cli(["build", "--strict", "-d", sys.argv[2]])
"""


@dataclass(frozen=True)
class Retired:
    id: str
    old_page: str  # site-relative url the id was on
    text: str
    successor: str | None  # site-relative url#id of the passage the text went to


@dataclass(frozen=True)
class OfflineBuild:
    site: Path
    project: Path
    returncode: int
    output: str
    network_attempts: list[str]
    namespace: bool  # built inside a network namespace of its own
    cards_drawn: int
    seconds: float
    retired: dict[str, Retired]


_BUILT: dict[Path, OfflineBuild] = {}


def _reworded(text: str) -> str:
    """The text with its last word replaced: close enough to be the same passage, no longer equal."""
    words = text.split()
    return " ".join([*words[:-1], "reworded."])


def _add_retired(registry_path: Path) -> dict[str, Retired]:
    registry = json.loads(registry_path.read_text(encoding="utf-8"))
    paragraphs = registry["paragraphs"]
    current = sorted((e["url"], key) for key, e in paragraphs.items() if not e.get("retired") and e.get("url"))
    (first_page, first), (_, other) = current[0], current[-1]
    other_page = paragraphs[other]["url"]
    cut = "This sentence was in an earlier version of the essay and nothing like it remains in the text."
    entries = {
        "p-an-earlier-wording": ("paragraphs", first_page, _reworded(paragraphs[first]["text"]), f"{first_page}#{first}"),
        "p-from-a-renamed-section": ("paragraphs", GONE_PAGE, _reworded(paragraphs[other]["text"]),
                                     f"{other_page}#{other}"),
        "s-a-sentence-since-cut": ("sentences", first_page, cut, None),
    }
    for key, (kind, page, text, _) in entries.items():
        registry[kind][key] = {"retired": True, "text": text, "url": page}
    registry_path.write_text(json.dumps(registry, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                             encoding="utf-8")
    return {key: Retired(key, page, text, successor) for key, (_, page, text, successor) in entries.items()}


def _namespace_prefix() -> list[str]:
    """``unshare -rn`` when this machine lets a process take a network namespace of its own, else nothing."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-rn", "true"], capture_output=True)  # noqa: PLW1510
    return ["unshare", "-rn"] if probe.returncode == 0 else []


def build_offline(root: Path) -> OfflineBuild:
    """Return the offline build of a copy of the project under ``root`` (built on the first call)."""
    if root in _BUILT:
        return _BUILT[root]
    project = root / "project"
    for name in COPIED:
        shutil.copytree(REPO_ROOT / name, project / name)
    shutil.copy(REPO_ROOT / "mkdocs.yml", project / "mkdocs.yml")
    retired = _add_retired(project / "data" / "ids.json")
    site, attempts_file = root / "site", root / "network-attempts.json"
    prefix = _namespace_prefix()
    start = time.monotonic()
    proc = subprocess.run(  # noqa: PLW1510 - the caller judges the exit status
        [*prefix, sys.executable, "-c", GUARD, str(attempts_file), str(site)], cwd=project,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        stdin=subprocess.DEVNULL, capture_output=True, text=True)
    seconds = time.monotonic() - start
    attempts = json.loads(attempts_file.read_text()) if attempts_file.is_file() else ["(no record written)"]
    cache = project / CARD_CACHE
    drawn = len(list(cache.glob("*.png"))) if cache.is_dir() else 0
    _BUILT[root] = OfflineBuild(site, project, proc.returncode, proc.stdout + proc.stderr, attempts, bool(prefix),
                                drawn, seconds, retired)
    return _BUILT[root]
