"""Benchmark the edition build and the built site; print each figure with its target (issues 9 and 20).

Run: ``python scripts/bench.py [--quick] [--no-lighthouse] [--repeats N] [--profile]``. Every time is the
median of N runs (3; 1 with ``--quick``), each in a fresh process so no run profits from caches the one
before filled (a site build also starts with empty id registries and no cached share card). Targets
are reported beside the figures, not asserted: the exit status is non-zero only when something fails
to run (a build error, a bad synthetic essay, a crashed tool).

Figures:

* **pipeline, this essay** – ``build_edition`` on the repository's sources and data (imports excluded);
  **mkdocs build, same pages, no plugin** – ``mkdocs build`` of the very pages ``python -m essay_edition
  pages`` writes, with the repo's ``docs/`` and ``overrides/``, the plugin removed and the edition's nav
  written out; and their ratio (target ≤ 15 %). **mkdocs build, this site with plugin** is the real build.
* **essay of 100 KB / 1 MB** – ``essay-edition pages`` on an essay of that size (sections of paragraphs
  drawn from this essay's sentences, no narration, data drafted by ``init``): time and peak memory, and
  the ratio (issue 21: ≤ 15× for ten times the text).
* **pipeline, synthetic k essays** for k in 1, 10, 50 (1, 5, 10 with ``--quick``): one process builds
  the synthetic essays of :mod:`synthetic_corpus` one after the other, as the MkDocs plugin does, keeping
  every edition; the time after k essays is the corpus-of-k time. **growth** is that over one essay
  (target: 50 essays ≤ 60×, pro rata for other sizes). **peak memory** is that process's maximum RSS.
* **site build, k essays** for k in 1, 50, 200 (1, 10 with ``--quick``; one run from 100 essays on) –
  ``mkdocs build`` of a site whose plugin ``essays:`` lists the first k copies under ``essays/eNN/``, with
  the repo's docs/ and overrides/ (issue 20: 50 essays ≤ 30 s); **peak memory** of all the build's
  processes together (sampled; their PSS, which counts a page that forked workers share with the build
  once, with their RSS summed beside it); **site build growth** from one size to the next (target: linear;
  the largest site, built once, is set against the next size's builds just before and just after it).
  Then, in Chromium against the site served with gzip: **first view, section page** – what opening a
  section page fetches, with the search files among it (target ≤ 150 KB at 1 and at 50 essays, none
  for search); **one query** – what typing a word, then a six-word phrase, into the search fetches
  (≤ 150 KB at 1 and at 50 essays).
* **page weight** – gzipped bytes of a first visit to the home page and to the first essay section
  page of the real site, parsed from the HTML; "+ search" adds what Material's own search would load
  on that visit (nothing: the edition's search loads on the first query); **search index vs essay text**.
* **lighthouse** – Lighthouse 12 on those two pages served with gzip from 127.0.0.1, when installed:
  category scores and total blocking time, medians with the runs; and the main thread's work (all of it,
  and its style and layout), which moves less from run to run than total blocking time does.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pkgutil
import pstats
import random
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

from essay_edition import mkdocs_cards

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site  # noqa: E402 - scripts/ is put on the path just above
import synthetic_corpus  # noqa: E402

BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
PLUGIN = "essay-edition"
FULL_SIZES, QUICK_SIZES = (1, 10, 50), (1, 5, 10)
FULL_SITE_SIZES, QUICK_SITE_SIZES = (1, 50, 200), (1, 10)
ESSAY_KB = (100, 1000)  # issue 21: essay text of 100 KB and 1 MB
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z“\"‘(])")
ESSAY_SIZE_RATIO_TARGET = 15  # issue 21: 1 MB ≤ 15× the 100 KB time (linear would be 10×)
SINGLE_RUN_FROM = 100  # site builds of this many essays or more run once (minutes each)
PIPELINE_SHARE_TARGET = 0.15
GROWTH_TARGET_PER_ESSAY = 60 / 50  # 50 essays ≤ 60× one essay
SITE_TARGETS_SECONDS = {50: 30}  # issue 20: 50 essays ≤ 30 s on this machine, idle
MEMORY_TARGET_MB = 200
SITE_MEMORY_TARGET_MB = 1024  # issue 20: the build of 200 essays, all its processes at once
SECTION_WEIGHT_TARGET_KB = 120
FIRST_VIEW_TARGET_KB = QUERY_TARGET_KB = 150  # issue 20: on a site of 50 essays "and the same figures at 1 essay"
SEARCH_TARGET_SITE_SIZES = (1, 50)
MEMORY_SAMPLE_SECONDS = 0.2
BLOCKING_TARGET_MS = 150  # Lighthouse total blocking time, issue 20
STYLE_AND_LAYOUT = "Style & Layout"  # a kind of main-thread work in Lighthouse's breakdown
QUERY_LABELS = ("one word", "6-word phrase")  # what a reader types: see _queries
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def figure_names(sizes: tuple[int, ...], lighthouse: bool, site_sizes: tuple[int, ...] | None = None,
                 essay_kb: tuple[int, ...] = ESSAY_KB) -> list[str]:
    """The name every figure line starts with, in print order (tests check each one is printed)."""
    site_sizes = site_sizes or (QUICK_SITE_SIZES if sizes == QUICK_SIZES else FULL_SITE_SIZES)
    names = ["pipeline, this essay", "mkdocs build, same pages, no plugin", "pipeline / mkdocs build",
             "mkdocs build, this site with plugin"]
    names += [f"essay of {kb} KB, pages" for kb in essay_kb]
    names += [f"essay size growth, {b} KB / {a} KB" for a, b in zip(essay_kb, essay_kb[1:])]
    names += [f"pipeline, synthetic {_essays(k)}" for k in sizes]
    names += [f"growth, {_essays(k)} / 1 essay" for k in sizes if k > 1]
    names += [f"peak memory, pipeline at {_essays(sizes[-1])}"]
    for k in site_sizes:
        names += [f"site build, {_essays(k)}", f"peak memory, site build at {_essays(k)}",
                  f"first view, section page, {_essays(k)}"]
        names += [f"one query, {label}, {_essays(k)}" for label in QUERY_LABELS]
    names += [f"site build growth, {_essays(b)} / {_essays(a)}" for a, b in zip(site_sizes, site_sizes[1:])]
    names += ["page weight, home page", "page weight, home page + search", "page weight, section page",
              "page weight, section page + search", "page weight, heaviest page", "search index vs essay text"]
    if lighthouse:
        names += [f"lighthouse, {page}, {category}" for page in ("home page", "section page")
                  for category in [*bench_site.CATEGORIES, "total blocking time", "main thread, total",
                                   f"main thread, {STYLE_AND_LAYOUT.lower()}"]]
    else:
        names.append("lighthouse:")
    return names


class BenchError(Exception):
    """Something the benchmark runs failed: the message says what, with its output."""


def _essays(k: int) -> str:
    return f"{k} essay" if k == 1 else f"{k} essays"


def _line(name: str, value: str, target: str = "", met: bool | None = None, detail: str = "") -> None:
    verdict = {True: "ok", False: "MISSED", None: ""}[met]
    detail = detail.rstrip("; ")
    print(f"{name:<52} {value:>14}   {target:<14} {verdict:<6} {detail}".rstrip(), flush=True)


def _note(text: str) -> None:
    print(f"{'':<4}{text}", flush=True)


def _seconds(value: float) -> str:
    return f"{value:.2f} s"


def _spread(values: list[float]) -> str:
    """The range of the runs behind a median (the machine is noisy), or '' for one run."""
    return f"runs {min(values):.2f}–{max(values):.2f} s" if len(values) > 1 else ""


def _kb(value: float) -> str:
    return f"{value / 1024:.1f} KB"


# --- subprocess runs --------------------------------------------------------------------------------


INDEXER = "pagefind"
"""The search indexer's program name (its processes' ``comm`` starts with it)."""


@dataclass
class Peak:
    """The peak memory (KB) of a sampled process tree: PSS and RSS summed over its processes, each
    program's PSS at the PSS peak, and the highest PSS while the search indexer ran, with the indexer's
    own then (zeros if it never ran): a build's peak is in one phase, and this tells the index's apart."""

    pss_kb: int = 0
    rss_kb: int = 0
    programs: dict[str, int] = field(default_factory=dict)
    indexing_kb: int = 0
    indexer_kb: int = 0

    def add(self, pss: int, rss: int, programs: dict[str, int]) -> None:
        """Take one sample into account."""
        if pss > self.pss_kb:
            self.pss_kb, self.programs = pss, programs
        self.rss_kb = max(self.rss_kb, rss)
        indexer = sum(kb for name, kb in programs.items() if name.startswith(INDEXER))
        if indexer and pss > self.indexing_kb:
            self.indexing_kb, self.indexer_kb = pss, indexer


def _run(cmd: list[str], cwd: Path = ROOT, what: str = "") -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a command; return (wall seconds, the finished process); raise BenchError if it fails."""
    seconds, proc, _ = _run_sampled(cmd, cwd, what, sample=False)
    return seconds, proc


def _pss_kb(pid: int) -> int | None:
    """A process's proportional set size in KB (its own pages, plus its share of pages it shares with
    other processes, such as a forked worker's with its parent); 0 for a process that has ended (a
    zombie, whose memory is the system's again, is still listed until its parent reaps it); None where
    Linux does not say (a kernel without ``smaps_rollup``)."""
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except ProcessLookupError:  # ended: Linux answers "no such process" for a zombie's memory
        return 0
    except (OSError, ValueError, IndexError):
        return None
    return 0  # a process with no memory left to map (ending) lists none


def _memory_now_kb(pid: int, rss_kb: int) -> int:
    """A process's memory now in KB: its PSS, or ``rss_kb`` (its RSS when it was listed) where Linux
    does not say its PSS, or 0 when it has ended since it was listed. An ended worker's RSS counts every
    page it shared with its parent, which the parent, read after the worker ended, now counts whole:
    taken for it, a sample caught as a build's workers end counted their parent's memory three times
    (and a worker ended but not yet reaped, still listed, counted as much as it held when it ran)."""
    measured = _pss_kb(pid)
    if measured is not None:
        return measured
    return rss_kb if Path(f"/proc/{pid}").exists() else 0


def _tree_memory_kb(pid: int) -> tuple[int, int, dict[str, int]]:
    """The memory of a process and all its descendants now, in KB, as (PSS, RSS) sums and the PSS of
    each program among them (Linux /proc; 0 elsewhere). RSS counts a page shared by a parent and its
    forked workers once in each, so its sum over-counts a build that forks; PSS splits a shared page
    among the processes sharing it. Where PSS is not readable, the RSS stands in for it; a process that
    ended while it was looked at counts for nothing (see :func:`_memory_now_kb`)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            rss[int(entry.name)] = int(fields[21]) * (os.sysconf("SC_PAGE_SIZE") // 1024)
            children.setdefault(int(fields[1]), []).append(int(entry.name))
        except (OSError, IndexError, ValueError):
            continue  # the process ended while we looked
    total_pss, total_rss, todo = 0, 0, [pid]
    programs: dict[str, int] = {}
    while todo:
        current = todo.pop()
        pss = _memory_now_kb(current, rss.get(current, 0))
        total_rss += rss.get(current, 0) if pss else 0
        total_pss += pss
        try:
            program = Path(f"/proc/{current}/comm").read_text().strip()
        except OSError:
            program = "?"
        programs[program] = programs.get(program, 0) + pss
        todo += children.get(current, [])
    return total_pss, total_rss, programs


def _run_sampled(cmd: list[str], cwd: Path, what: str, sample: bool = True
                 ) -> tuple[float, subprocess.CompletedProcess[str], Peak]:
    """Run a command; return (wall seconds, the finished process, the :class:`Peak` of its process tree
    sampled every MEMORY_SAMPLE_SECONDS, zeros if not sampled); raise BenchError if it fails."""
    start = time.perf_counter()
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        child = subprocess.Popen(cmd, cwd=cwd, env={**os.environ, **BUILD_ENV}, stdin=subprocess.DEVNULL,
                                 stdout=out, stderr=err, text=True)
        peak = Peak()
        while child.poll() is None:
            if sample:
                peak.add(*_tree_memory_kb(child.pid))
            time.sleep(MEMORY_SAMPLE_SECONDS if sample else 0.02)
        out.seek(0)
        err.seek(0)
        proc = subprocess.CompletedProcess(cmd, child.returncode, out.read(), err.read())
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"{what or ' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}"
                         f"{proc.stderr[-5000:]}")
    return seconds, proc, peak


def _pipeline_worker(essays: list[dict[str, str]], repeats: int, *extra: str) -> list[dict[str, Any]]:
    """Run the pipeline worker ``repeats`` times, each in a fresh interpreter; return its reports."""
    spec = json.dumps(essays)
    runs = []
    for _ in range(repeats):
        _, proc = _run([sys.executable, __file__, "--worker", spec, *extra], what="the pipeline worker")
        runs.append(json.loads(proc.stdout.strip().splitlines()[-1]))
    return runs


def _clear_caches() -> None:
    """Empty every functools cache of the pipeline's modules (so no essay profits from another's text)."""
    for name, module in list(sys.modules.items()):
        if name.startswith("essay_edition"):
            for value in vars(module).values():
                if callable(getattr(value, "cache_clear", None)):
                    value.cache_clear()


def _worker(spec: str, profile: bool = False, clear_caches: bool = False) -> None:
    """Build each essay of ``spec`` in turn, keeping every edition; print times and peak RSS as JSON
    (the last line), after a cProfile of the builds if ``profile``; empty the caches between essays
    if ``clear_caches``."""
    import essay_edition
    from essay_edition import build

    for module in pkgutil.walk_packages(essay_edition.__path__, "essay_edition."):
        if module.name.rsplit(".", 1)[-1] not in {"mkdocs_plugin", "cli", "__main__"}:
            __import__(module.name)  # imports are not the pipeline's run time
    rss_start = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    editions, cumulative, cpu, rss = [], [], [], []
    profiler = cProfile.Profile()
    if profile:
        profiler.enable()
    start, start_cpu = time.perf_counter(), time.process_time()
    for essay in json.loads(spec):
        editions.append(build.build_edition(build.EssayInput(
            Path(essay["sources"]), Path(essay["data"]), essay["prefix"], display_root=ROOT)))
        cumulative.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        rss.append(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
        if clear_caches:
            paused = time.perf_counter()
            _clear_caches()
            start += time.perf_counter() - paused
    if profile:
        profiler.disable()
        stats = pstats.Stats(profiler, stream=sys.stdout).strip_dirs()
        stats.sort_stats("tottime").print_stats(20)
        stats.sort_stats("cumulative").print_stats(30)
    pages = [len(e.pages) for e in editions]
    warnings = sum(len(e.warnings) for e in editions)
    print(json.dumps({"cumulative": cumulative, "cpu": cpu, "rss_start_kb": rss_start, "rss_kb": rss, "pages": pages,
                      "warnings": warnings}))


# --- mkdocs configurations made from the repository's mkdocs.yml ------------------------------------


class _Tagged:
    """A YAML node with a tag this benchmark does not interpret (``!ENV``, ``!!python/name:``…), kept as is."""

    def __init__(self, tag: str, value: object) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    pass


class _Dumper(yaml.SafeDumper):
    pass


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.MappingNode):
        return _Tagged(node.tag, loader.construct_mapping(node, deep=True))
    if isinstance(node, yaml.SequenceNode):
        return _Tagged(node.tag, loader.construct_sequence(node, deep=True))
    assert isinstance(node, yaml.ScalarNode)
    return _Tagged(node.tag, loader.construct_scalar(node))


def _represent_tagged(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def _repo_config() -> dict[str, Any]:
    return yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)


def _plugin_entries(config: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    entries: list[tuple[str, dict[str, Any]]] = []
    for entry in config.get("plugins") or []:
        if isinstance(entry, str):
            entries.append((entry, {}))
        else:
            entries += [(name, options or {}) for name, options in entry.items()]
    return entries


def _absolute(value: str) -> str:
    return str(ROOT / value) if not os.path.isabs(value) and (ROOT / value).exists() else value


def site_config(docs_dir: Path, *, essays: list[dict[str, str]] | None = None, nav: list[Any] | None = None
                ) -> dict[str, Any]:
    """The repo's mkdocs.yml, to be written elsewhere: paths made absolute, ``docs_dir`` replaced, and
    either the plugin's ``essays:`` set or (``nav`` given) the plugin removed and the nav written out."""
    config = _repo_config()
    config["docs_dir"] = str(docs_dir)
    theme = config.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        theme["custom_dir"] = _absolute(theme["custom_dir"])
    for key in ("hooks", "watch"):
        if isinstance(config.get(key), list):
            config[key] = [_absolute(v) for v in config[key]]
    plugins: list[Any] = []
    for name, options in _plugin_entries(config):
        if name == PLUGIN:
            if nav is not None:
                config["nav"] = nav + list(options.get("extra_nav") or [])
                continue
            options = {**options, "essays": essays}
        _absolute_paths(options)
        plugins.append({name: options} if options else name)
    config["plugins"] = plugins
    for extension in config.get("markdown_extensions", []):  # the snippets' base, made absolute too
        options = extension.get("pymdownx.snippets") if isinstance(extension, dict) else None
        if isinstance(options, dict):
            options["base_path"] = [str(ROOT)]
    return config


def _absolute_paths(node: Any) -> None:
    """Make ``paths:`` lists (mkdocstrings' handlers) absolute, so the config works from anywhere."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "paths" and isinstance(value, list):
                node[key] = [_absolute(v) if isinstance(v, str) else v for v in value]
            else:
                _absolute_paths(value)
    elif isinstance(node, list):
        for value in node:
            _absolute_paths(value)


def _write_config(config: dict[str, Any], path: Path) -> Path:
    path.write_text(yaml.dump(config, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _mkdocs_build(config: Path, site: Path, what: str) -> tuple[float, list[str], int, Peak]:
    """Build with ``mkdocs build``; return (seconds, warning lines, HTML pages built, the peak memory of
    the build's processes together)."""
    shutil.rmtree(site, ignore_errors=True)
    seconds, proc, peak = _run_sampled([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                                       cwd=config.parent, what=what)
    return seconds, _warnings(proc.stdout + proc.stderr), len(list(site.rglob("*.html"))), peak


def _warnings(output: str) -> list[str]:
    """MkDocs' WARNING/ERROR messages, each followed by how many lines it lists (and the first)."""
    warnings: list[str] = []
    listed: list[str] = []
    for line in [*output.splitlines(), "END"]:
        if line.startswith("  ") and warnings:
            listed.append(line.strip())
            continue
        if listed:
            warnings[-1] += f" [{len(listed)} listed, e.g. {listed[0]}]"
            listed = []
        if line.startswith(("WARNING", "ERROR")):
            warnings.append(" ".join(line.split()))
    return warnings


@dataclass
class Builds:
    """``repeats`` builds of one site: median seconds, the last build's warnings and pages, the runs'
    spread, and the peak memory of the run with the highest."""

    seconds: float
    warnings: list[str]
    pages: int
    spread: str
    peak: Peak
    runs: list[float]  # each build's seconds, in the order they ran


def _median_builds(config: Path, site: Path, repeats: int, what: str,
                   before: Callable[[], None] = lambda: None) -> Builds:
    """Build ``repeats`` times (``before`` each); return their :class:`Builds`."""
    runs = []
    for _ in range(repeats):
        before()
        runs.append(_mkdocs_build(config, site, what))
    return Builds(statistics.median(r[0] for r in runs), runs[-1][1], runs[-1][2], _spread([r[0] for r in runs]),
                  max((r[3] for r in runs), key=lambda peak: peak.pss_kb), [r[0] for r in runs])


# --- the figures ------------------------------------------------------------------------------------


@dataclass
class Context:
    tmp: Path
    repeats: int
    sizes: tuple[int, ...]
    nav: list[Any]
    section: str  # the site URL of the essay's first section page, e.g. essay/<slug>/
    site_sizes: tuple[int, ...] = FULL_SITE_SIZES
    site: Path | None = None  # the real site, built with the plugin
    essay_kb: tuple[int, ...] = ESSAY_KB  # essay sizes for bench_essay_size
    essays: list[synthetic_corpus.SyntheticEssay] = field(default_factory=list)  # the synthetic corpus


def essay_of_size(kilobytes: int, seed: int = 0) -> str:
    """Return a plain-text essay of about ``kilobytes`` KB: a title, then sections headed "Part N" of
    paragraphs whose three to six sentences are drawn (seeded) from this essay's, so that paragraphs
    differ from one another as a real essay's do."""
    text = (ROOT / "sources" / "essay.txt").read_text(encoding="utf-8").split("\n\n\n")[0]
    sentences = [s for block in text.splitlines() if len(block.split()) >= 20
                 for s in _SENTENCE_END.split(block.strip())]
    rng = random.Random(seed)
    parts, size, section = [f"A synthetic essay of {kilobytes} KB"], 0, 0
    while size < kilobytes * 1024:
        if len(parts) % 9 == 1:
            section += 1
            parts.append(f"Part {section}")
        paragraph = " ".join(rng.sample(sentences, rng.randint(3, 6)))
        parts.append(paragraph)
        size += len(paragraph.encode("utf-8")) + 2
    return "\n\n".join(parts) + "\n"


def bench_essay_size(ctx: Context) -> None:
    """`essay-edition pages` on essays of ESSAY_KB sizes (essay only, drafted by `init`): time, peak
    memory, and the growth ratio, which linear cost keeps near the size ratio."""
    times: dict[int, float] = {}
    for kb in ctx.essay_kb:
        work = ctx.tmp / f"essay-{kb}kb"
        work.mkdir()
        (work / "essay.txt").write_text(essay_of_size(kb), encoding="utf-8")
        _run([sys.executable, "-m", "essay_edition", "init", str(work / "edition"), "--essay", str(work / "essay.txt")],
             what=f"essay-edition init ({kb} KB essay)")
        runs, peaks = [], []
        for attempt in range(ctx.repeats):
            out = work / f"pages-{attempt}"
            shutil.copytree(work / "edition" / "data", work / f"data-{attempt}")  # `pages` saves the registry
            seconds, _, peak = _run_sampled(
                [sys.executable, "-m", "essay_edition", "--sources", str(work / "edition" / "sources"),
                 "--data", str(work / f"data-{attempt}"), "pages", "--out", str(out)], work,
                f"essay-edition pages ({kb} KB essay)")
            runs.append(seconds)
            peaks.append(peak.pss_kb)
        times[kb] = statistics.median(runs)
        pages = sum(1 for _ in (work / "pages-0").rglob("*.md"))
        _line(f"essay of {kb} KB, pages", _seconds(times[kb]),
              detail=f"{pages} pages; peak memory {max(peaks) / 1024:.0f} MB; {_spread(runs)}")
    for a, b in zip(ctx.essay_kb, ctx.essay_kb[1:]):
        ratio, target = times[b] / times[a], ESSAY_SIZE_RATIO_TARGET * (b / a) / 10
        _line(f"essay size growth, {b} KB / {a} KB", f"{ratio:.1f}×", f"≤ {target:g}×", ratio <= target,
              detail=f"the text grew {b / a:g}×")


def bench_single(ctx: Context) -> None:
    """Pipeline time on the repo's essay, mkdocs on the same pages without the plugin, and the ratio."""
    essay = {"sources": str(ROOT / "sources"), "data": str(ROOT / "data"), "prefix": ""}
    runs = _pipeline_worker([essay], ctx.repeats)
    pipeline = statistics.median(r["cumulative"][0] for r in runs)
    _line("pipeline, this essay", _seconds(pipeline), detail=f"build_edition, {runs[0]['pages'][0]} pages, "
          f"{runs[0]['warnings']} warnings; CPU {statistics.median(r['cpu'][0] for r in runs):.2f} s; "
          f"{_spread([r['cumulative'][0] for r in runs])}")

    work = ctx.tmp / "no-plugin"
    docs, data = work / "docs", work / "data"
    shutil.copytree(ROOT / "docs", docs)
    shutil.copytree(ROOT / "data", data)  # `pages` saves the id registry into --data
    static = {p.relative_to(docs) for p in docs.rglob("*") if p.is_file()}
    _run([sys.executable, "-m", "essay_edition", "--sources", str(ROOT / "sources"), "--data", str(data),
          "pages", "--out", str(docs)], what="python -m essay_edition pages")
    generated = {p.relative_to(docs) for p in docs.rglob("*") if p.is_file()} - static
    config = _write_config(site_config(docs, nav=ctx.nav), work / "mkdocs.yml")
    plain = _median_builds(config, work / "site", ctx.repeats, "mkdocs build without the plugin")
    _line("mkdocs build, same pages, no plugin", _seconds(plain.seconds),
          detail=f"{plain.pages} HTML pages from {len(generated)} generated + {len(static)} static files, "
                 f"{len(plain.warnings)} warnings; no search index (the plugin writes it); {plain.spread}")
    for warning in plain.warnings[:5]:
        _note(warning[:160])
    share = pipeline / plain.seconds
    _line("pipeline / mkdocs build", f"{share:.0%}", f"≤ {PIPELINE_SHARE_TARGET:.0%}", share <= PIPELINE_SHARE_TARGET)

    real = ctx.tmp / "real"
    real.mkdir()
    config = _write_config(site_config(ROOT / "docs", essays=[
        {"sources_dir": str(ROOT / "sources"), "data_dir": str(real / "data"), "prefix": ""}]), real / "mkdocs.yml")

    def fresh_data() -> None:  # the plugin saves the id registry into its data dir: each run starts alike
        shutil.rmtree(real / "data", ignore_errors=True)
        shutil.copytree(ROOT / "data", real / "data")
        _empty_card_cache(real)

    built = _median_builds(config, real / "site", ctx.repeats, "mkdocs build of this site", before=fresh_data)
    _line("mkdocs build, this site with plugin", _seconds(built.seconds),
          detail=f"{built.pages} HTML pages, {len(built.warnings)} warnings (pipeline and search index included); "
                 f"{built.spread}")
    ctx.site = real / "site"


def bench_corpus(ctx: Context) -> None:
    """Pipeline time on synthetic corpora, growth and peak memory (the corpus is kept for the site builds)."""
    biggest = ctx.sizes[-1]
    count = max(biggest, *ctx.site_sizes)
    start = time.perf_counter()
    ctx.essays = synthetic_corpus.make_corpus(count, ROOT / "sources", ROOT / "data", ctx.tmp / "corpus")
    edits = sum(len(e.edits) for e in ctx.essays)
    _note(f"(made {count} synthetic essays in {time.perf_counter() - start:.1f} s: renamed, sections "
          f"shuffled, {edits} word edits, own data and empty id registry each)")
    essays = ctx.essays[:biggest]
    spec = [{"sources": str(e.sources_dir), "data": str(e.data_dir), "prefix": e.prefix} for e in essays]
    runs = _pipeline_worker(spec, ctx.repeats)
    times = {k: statistics.median(r["cumulative"][k - 1] for r in runs) for k in ctx.sizes}
    for k in ctx.sizes:
        pages = sum(runs[0]["pages"][:k])
        spread = _spread([r["cumulative"][k - 1] for r in runs])
        cpu = statistics.median(r["cpu"][k - 1] for r in runs)
        _line(f"pipeline, synthetic {_essays(k)}", _seconds(times[k]),
              detail=f"{pages} pages; CPU {cpu:.2f} s; {spread}")
    one = statistics.median(r["cumulative"][0] for r in runs)  # the first essay, whether or not 1 is a size
    for k in ctx.sizes:
        if k > 1:
            growth, target = times[k] / one, GROWTH_TARGET_PER_ESSAY * k
            _line(f"growth, {_essays(k)} / 1 essay", f"{growth:.1f}×", f"≤ {target:g}×", growth <= target,
                  "" if k == 50 else "(target pro rata: 60× for 50)")
    # The copies share most of their text, so caches keyed by text serve later essays; once more, with
    # the caches emptied between essays, as if every essay were new text.
    cold = _pipeline_worker(spec, 1, "--worker-clear-caches")[0]["cumulative"]
    _note(f"(with the pipeline's caches emptied between essays, one run: {biggest} essays {cold[-1]:.2f} s, "
          f"growth {cold[-1] / cold[0]:.1f}×)")
    peak = statistics.median(r["rss_kb"][-1] for r in runs) / 1024
    first = statistics.median(r["rss_kb"][0] for r in runs) / 1024
    base = statistics.median(r["rss_start_kb"] for r in runs) / 1024
    _line(f"peak memory, pipeline at {_essays(biggest)}", f"{peak:.0f} MB", f"< {MEMORY_TARGET_MB} MB",
          peak < MEMORY_TARGET_MB, f"max RSS; {base:.0f} MB after imports, {first:.0f} MB after 1 essay")



def _queries(essay: dict[str, Any]) -> tuple[str, list[str]]:
    """A section page of an essay (its essay.json) and the queries typed there (QUERY_LABELS): the longest
    word of, and six words from the middle of, a long paragraph in the middle section."""
    section = essay["sections"][len(essay["sections"]) // 2]
    paragraph = max(section["paragraphs"], key=lambda p: len(p["text"].split()))
    words = paragraph["text"].split()
    middle = len(words) // 2
    phrase = " ".join(words[middle - 3:middle + 3]).strip(".,;:!?“”\"'()")
    word = max(("".join(c for c in w if c.isalpha()) for w in phrase.split()), key=len).lower()
    return section["url"].lstrip("/"), [word, phrase]


def bench_sites(ctx: Context) -> None:
    """Sites of 1… synthetic essays: build time, growth and peak memory; then, in Chromium, what a first
    view of a section page fetches (search included) and what one query fetches."""
    if len(ctx.essays) < max(ctx.site_sizes):
        raise BenchError("no synthetic corpus to build sites from (the corpus step failed)")
    corpus_dir = ctx.tmp / "corpus"
    builds: dict[int, Builds] = {}
    for k in ctx.site_sizes:
        essays = ctx.essays[:k]
        repeats = 1 if k >= SINGLE_RUN_FROM else ctx.repeats
        target = SITE_TARGETS_SECONDS.get(k)
        try:
            built = builds[k] = _site_builds(essays, corpus_dir, repeats)
        except BenchError as err:
            _line(f"site build, {_essays(k)}", "FAILED", f"≤ {target} s" if target else "", False)
            for line in str(err).splitlines()[-12:]:
                _note(line[:200])
            raise
        _line(f"site build, {_essays(k)}", _seconds(built.seconds), f"≤ {target} s" if target else "",
              built.seconds <= target if target else None,
              f"{built.pages} HTML pages, {len(built.warnings)} warnings"
              f"{' (--strict would fail)' if built.warnings else ''}; {built.spread or '1 run'}")
        _print_warnings(built.warnings)
        peak = built.peak.pss_kb / 1024
        big = k == max(FULL_SITE_SIZES)
        _line(f"peak memory, site build at {_essays(k)}", f"{peak:.0f} MB" if peak else "n/a",
              f"< {SITE_MEMORY_TARGET_MB} MB" if big else "", peak < SITE_MEMORY_TARGET_MB if big and peak else None,
              "PSS of all the build's processes at once (mkdocs, its workers, Pagefind), sampled every "
              f"{MEMORY_SAMPLE_SECONDS:g} s; their RSS summed: {built.peak.rss_kb / 1024:.0f} MB; at the peak: "
              + ", ".join(f"{name} {kb / 1024:.0f} MB" for name, kb in
                          sorted(built.peak.programs.items(), key=lambda item: -item[1]))
              + (f"; while the search index was made: {built.peak.indexing_kb / 1024:.0f} MB, Pagefind "
                 f"{built.peak.indexer_kb / 1024:.0f} MB of it" if built.peak.indexing_kb else ""))
        if k > 1:
            _multi_site_checks(corpus_dir / "site", essays[0].prefix)
        _search_weights(corpus_dir / "site", essays[0].prefix, k)
    for a, b in zip(ctx.site_sizes, ctx.site_sizes[1:]):
        growth = builds[b].seconds / builds[a].seconds
        detail = "(linear or better)"
        if len(builds[b].runs) == 1 and b == ctx.site_sizes[-1]:
            # This machine's speed drifts by more than a tenth over the minutes a build of many essays
            # takes; the one build of the larger site is set against the smaller site's builds just
            # before and just after it, so that both sides of the ratio ran at about the same time.
            before, after = builds[a].runs[-1], _site_builds(ctx.essays[:a], corpus_dir, 1).seconds
            detail = (f"the build of {_essays(b)} against the mean of the builds of {_essays(a)} just before and "
                      f"after it ({before:.2f} s, {after:.2f} s); against the median of the first "
                      f"{len(builds[a].runs)}: {growth:.1f}×")
            growth = builds[b].seconds / ((before + after) / 2)
        _line(f"site build growth, {_essays(b)} / {_essays(a)}", f"{growth:.1f}×", f"≤ {b / a:g}×", growth <= b / a,
              detail)


def _site_builds(essays: list[synthetic_corpus.SyntheticEssay], corpus_dir: Path, repeats: int) -> Builds:
    """Build the site of these synthetic essays ``repeats`` times into ``corpus_dir/site``, each build
    as a fresh clone's; return its :class:`Builds`."""
    config = _write_config(site_config(ROOT / "docs", essays=[
        {"sources_dir": os.path.relpath(e.sources_dir, corpus_dir),
         "data_dir": os.path.relpath(e.data_dir, corpus_dir), "prefix": e.prefix} for e in essays]),
        corpus_dir / f"mkdocs-{len(essays)}.yml")
    return _median_builds(config, corpus_dir / "site", repeats, f"mkdocs build of the {len(essays)}-essay site",
                          before=lambda: _empty_registries(essays, corpus_dir))


def _search_weights(site: Path, prefix: str, k: int) -> None:
    """Print the first view of a section page and one query's transfer, measured in Chromium."""
    essay = json.loads((site / prefix / "data" / "essay.json").read_text(encoding="utf-8"))
    page, queries = _queries(essay)
    try:
        weight = bench_site.browser_weight(site, page, queries, CHROMIUM)
    except ImportError:
        _note("first view and query weights: not measured (the playwright package is missing: pip install -e .[test])")
        return
    target = FIRST_VIEW_TARGET_KB if k in SEARCH_TARGET_SITE_SIZES else None
    _line(f"first view, section page, {_essays(k)}", _kb(weight.first_view), f"≤ {target} KB" if target else "",
          weight.first_view <= target * 1024 if target else None,
          f"/{page}: search files before a query: {', '.join(weight.search_before_query) or 'none'}")
    for label, query in zip(QUERY_LABELS, queries):
        kinds = weight.queries[query]
        total = sum(kinds.values())
        _line(f"one query, {label}, {_essays(k)}", _kb(total), f"≤ {QUERY_TARGET_KB} KB" if target else "",
              total <= QUERY_TARGET_KB * 1024 if target else None,
              f"{query!r}, {weight.results[query]} results drawn: "
              + ", ".join(f"{kind} {_kb(size)}" for kind, size in sorted(kinds.items(), key=lambda kv: -kv[1])))


def _empty_registries(essays: list[synthetic_corpus.SyntheticEssay], config_dir: Path) -> None:
    """Each build starts from empty id registries (the plugin saves them after a build) and no share
    card drawn (the cards plugin caches them beside the config): as a fresh clone builds."""
    for essay in essays:
        synthetic_corpus.empty_registry(essay.data_dir)
    _empty_card_cache(config_dir)


def _empty_card_cache(config_dir: Path) -> None:
    """Remove the share cards a previous build cached beside the config in ``config_dir``."""
    shutil.rmtree(config_dir / mkdocs_cards.CACHE_DIR, ignore_errors=True)


def _multi_site_checks(site: Path, prefix: str) -> None:
    """What a reader of the multi-essay site meets: the root page, the top navigation."""
    if not (site / "index.html").is_file():
        _note("no index.html at the site root: / is a 404 (each essay's home is under its prefix)")
    else:
        library = BeautifulSoup((site / "index.html").read_text(encoding="utf-8"), "lxml")
        _note(f"site root: the library page, {len(library.select('li.library-card'))} essays listed")
    home = site / prefix / "index.html"
    if home.is_file():
        soup = BeautifulSoup(home.read_text(encoding="utf-8"), "lxml")
        top = [head.get_text(" ", strip=True) for li in soup.select("nav.md-nav--primary > ul > li")
               if (head := li.find(["a", "label", "div"], recursive=False)) is not None]
        repeated = {t: top.count(t) for t in top if top.count(t) > 1}
        if repeated:
            _note(f"top-level nav: {len(top)} entries, repeated labels {repeated}")


def _print_warnings(warnings: list[str]) -> None:
    distinct: dict[str, int] = {}
    for warning in warnings:
        distinct[warning] = distinct.get(warning, 0) + 1
    for warning, count in list(distinct.items())[:8]:
        _note(f"{warning[:170]}{f'  (×{count})' if count > 1 else ''}")
    if len(distinct) > 8:
        _note(f"… {len(distinct) - 8} more distinct warnings")


def _page_url(nav_path: str) -> str:
    stem = nav_path[:-3] if nav_path.endswith(".md") else nav_path
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return f"{stem}/"


def section_page(nav: list[Any]) -> str:
    """The first page of the first nav group that is not the group's index (the essay's first section,
    not its contents page)."""
    def leaves(item: Any) -> list[str]:
        if isinstance(item, dict):
            return [leaf for value in item.values() for leaf in leaves(value)]
        if isinstance(item, list):
            return [leaf for value in item for leaf in leaves(value)]
        return [str(item)]

    for item in nav:
        for value in (item.values() if isinstance(item, dict) else []):
            if isinstance(value, list):
                pages = [leaf for leaf in leaves(value) if not leaf.endswith("index.md")]
                if pages:
                    return _page_url(pages[0])
    raise BenchError("the edition's nav has no section group")


def bench_weight(ctx: Context, section: str) -> None:
    """Gzipped first-visit weight of the home and a section page; the search index against the essay."""
    assert ctx.site is not None
    target = SECTION_WEIGHT_TARGET_KB * 1024
    for label, page in (("home page", ""), ("section page", section)):
        weight = bench_site.page_weight(ctx.site, page)
        met = weight.total <= target if label == "section page" else None
        html = weight.resources.get(page or "index.html", 0)
        _line(f"page weight, {label}", _kb(weight.total), f"≤ {SECTION_WEIGHT_TARGET_KB} KB" if met is not None else "",
              met, f"/{page}: HTML {_kb(html)} + {len(weight.resources) - 1} files")
        _line(f"page weight, {label} + search", _kb(weight.total_with_search), "", None,
              "search: " + (", ".join(f"{Path(u).name} {_kb(s)}" for u, s in weight.search.items())
                            or "nothing before a query"))
        if weight.external or weight.missing:
            _note(f"external: {weight.external or 'none'}; missing: {weight.missing or 'none'}")
    heaviest = max((bench_site.page_weight(ctx.site, _site_url(ctx.site, p)) for p in ctx.site.rglob("index.html")),
                   key=lambda w: w.total)
    _line("page weight, heaviest page", _kb(heaviest.total), "", None, f"/{heaviest.page}")
    index = ctx.site / "pagefind"
    manifest = json.loads((ROOT / "sources" / "manifest.json").read_text(encoding="utf-8"))
    essay = (ROOT / "sources" / str(manifest["essay"]["file"])).read_bytes()
    files = [p for p in index.rglob("*") if p.is_file()]
    stored = sum(p.stat().st_size for p in files)  # Pagefind's index files are gzipped already
    engine = sum(p.stat().st_size for p in files if p.parent == index and p.suffix != ".pf_meta")
    essay_gz = len(gzip.compress(essay, bench_site.GZIP_LEVEL))
    _line("search index vs essay text", f"{(stored - engine) / essay_gz:.1f}× gz", "", None,
          f"Pagefind index {_kb(stored - engine)} in {len(files)} files "
          f"({len(list((index / 'fragment').iterdir()))} documents) + engine {_kb(engine)}, vs essay text "
          f"{_kb(len(essay))} ({_kb(essay_gz)} gz); a query loads a few of these files, a first view none")


def _site_url(site: Path, index_html: Path) -> str:
    rel = index_html.parent.relative_to(site).as_posix()
    return "" if rel == "." else f"{rel}/"


def bench_lighthouse(ctx: Context, section: str, executable: str) -> None:
    """Lighthouse scores of the home and a section page, served with gzip; the audits that lost points."""
    assert ctx.site is not None
    with bench_site.GzipServer(ctx.site) as server:
        for label, page in (("home page", ""), ("section page", section)):
            runs = [bench_site.run_lighthouse(executable, server.url + page, ctx.tmp / f"lh-{i}.json", CHROMIUM)
                    for i in range(ctx.repeats)]
            for category, target in bench_site.CATEGORIES.items():
                score = statistics.median(r.scores[category] for r in runs)
                op = "≥" if target < 100 else "="
                _line(f"lighthouse, {label}, {category}", f"{score:.0f}", f"{op} {target}", score >= target,
                      "" if ctx.repeats == 1 else f"runs: {[r.scores[category] for r in runs]}")
                if score < target:
                    _losing_audits([r.losing[category] for r in runs])
            blocking = statistics.median(r.blocking_ms for r in runs)
            _line(f"lighthouse, {label}, total blocking time", f"{blocking:.0f} ms", f"≤ {BLOCKING_TARGET_MS} ms",
                  blocking <= BLOCKING_TARGET_MS,
                  "" if ctx.repeats == 1 else f"runs: {[round(r.blocking_ms) for r in runs]}")
            # Less noisy than total blocking time, which moves with how the same work is cut into tasks.
            for kind in ("total", STYLE_AND_LAYOUT):
                work = [sum(r.main_thread_ms.values()) if kind == "total" else r.main_thread_ms.get(kind, 0.0)
                        for r in runs]
                _line(f"lighthouse, {label}, main thread, {kind.lower()}", f"{statistics.median(work):.0f} ms",
                      detail="" if ctx.repeats == 1 else f"runs: {[round(w) for w in work]}")


def _losing_audits(runs: list[list[bench_site.LosingAudit]]) -> None:
    """Print the audits that lost points in any run (figures of the last run that lost them): weighted
    ones each, with where, unweighted ones (diagnostics) by id."""
    audits = {a[0]: a for run in runs for a in run}
    for audit_id, title, weight, score, shown, where in sorted(audits.values(), key=lambda a: -a[2]):
        if weight:
            _note(f"{audit_id} (weight {weight:g}, score {score:.2f}{', ' + shown if shown else ''}): {title}")
            if where:
                _note(f"    at {'; '.join(where)}")
    unweighted = [a[0] for a in audits.values() if not a[2]]
    if unweighted:
        _note(f"weight 0 (diagnostics): {', '.join(unweighted)}")


def profile(ctx: Context) -> None:
    """cProfile of ``build_edition`` on the repo's essay, in a fresh process (cold caches, as in a build)."""
    essay = {"sources": str(ROOT / "sources"), "data": str(ROOT / "data"), "prefix": ""}
    _, proc = _run([sys.executable, __file__, "--worker", json.dumps([essay]), "--worker-profile"],
                   what="the profiled pipeline worker")
    print("\n".join(proc.stdout.rstrip().splitlines()[:-1]), flush=True)


# --- main -------------------------------------------------------------------------------------------


def _edition_nav() -> list[Any]:
    from essay_edition import build

    edition = build.build_edition(build.EssayInput(ROOT / "sources", ROOT / "data", "", display_root=ROOT))
    return edition.nav()


def main(argv: list[str] | None = None) -> int:
    """Run every benchmark and print its figure; return the exit status (1 if anything failed to run)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="1/5/10 essays and one run per figure")
    parser.add_argument("--essays", help="comma-separated corpus sizes for the pipeline figures "
                                         "(default 1,10,50; 1,5,10 with --quick)")
    parser.add_argument("--site-essays", help="comma-separated site sizes (default 1,50,200; 1,10 with --quick)")
    parser.add_argument("--essay-kb", help="comma-separated essay sizes in KB (default 100,1000)")
    parser.add_argument("--repeats", type=int, help="runs per figure (default 3, or 1 with --quick)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--lighthouse", help="the lighthouse executable (default: looked up)")
    parser.add_argument("--install-lighthouse", action="store_true",
                        help=f"npm install lighthouse@{bench_site.LIGHTHOUSE_VERSION} into {bench_site.CACHE_PREFIX}")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the pipeline on this essay (a fresh process)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    parser.add_argument("--save", metavar="FILE",
                        help="also write the figures to FILE, headed by the date, machine and commit "
                             "(docs/about/benchmarks.txt is what the site's benchmarks page shows)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-profile", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker-clear-caches", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.worker_profile, args.worker_clear_caches)
        return 0
    repeats = args.repeats or (1 if args.quick else 3)
    sizes = _sizes(args.essays) or (QUICK_SIZES if args.quick else FULL_SIZES)
    site_sizes = _sizes(args.site_essays) or (QUICK_SITE_SIZES if args.quick else FULL_SITE_SIZES)
    essay_kb = _sizes(args.essay_kb) or ESSAY_KB
    tmp = Path(tempfile.mkdtemp(prefix="essay-bench-"))
    if args.save:
        sys.stdout = _Tee(sys.stdout, Path(args.save))
        print(_run_header(args))
    print(f"{'figure':<52} {'median of ' + str(repeats):>14}   {'target':<14}", flush=True)
    failed = False
    try:
        nav = _edition_nav()
        ctx = Context(tmp, repeats, sizes, nav, section_page(nav), site_sizes, essay_kb=essay_kb)
        section = ctx.section
        steps: list[tuple[str, Callable[[], None]]] = [
            ("single essay", lambda: bench_single(ctx)),
            ("essay size", lambda: bench_essay_size(ctx)),
            ("synthetic corpora", lambda: bench_corpus(ctx)),
            ("synthetic sites", lambda: bench_sites(ctx)),
            ("page weight", lambda: bench_weight(ctx, section)),
            ("lighthouse", lambda: _lighthouse_step(ctx, section, args)),
        ]
        if args.profile:
            steps.append(("profile", lambda: profile(ctx)))
        for what, step in steps:
            if what == "page weight" and ctx.site is None:
                _note("page weight and lighthouse: skipped (the site was not built)")
                break
            try:
                step()
            except (BenchError, RuntimeError, ValueError, OSError, subprocess.SubprocessError) as err:
                failed = True
                print(f"ERROR in {what}: {err}", file=sys.stderr, flush=True)
                if not isinstance(err, BenchError):
                    traceback.print_exc()
    finally:
        if args.keep:
            print(f"kept {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 1 if failed else 0


def _sizes(option: str | None) -> tuple[int, ...]:
    """The sizes a comma-separated option names, ascending (empty if not given)."""
    return tuple(sorted({int(part) for part in option.split(",")})) if option else ()


class _Tee:
    """Standard output that is also written to a file (``--save``)."""

    def __init__(self, stream: Any, path: Path) -> None:
        self.stream, self.file = stream, path.open("w", encoding="utf-8")

    def write(self, text: str) -> int:
        self.file.write(text)
        return self.stream.write(text)

    def flush(self) -> None:
        self.file.flush()
        self.stream.flush()


def _run_header(args: argparse.Namespace) -> str:
    """The date, machine and commit a saved run was made on: figures are only comparable within one run."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    when = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    mode = "--quick" if args.quick else "full"
    return (f"scripts/bench.py ({mode}) at {when}, commit {commit.strip() or '?'}, {os.cpu_count()} CPUs, "
            f"load average {load} at the start\n")


def _lighthouse_step(ctx: Context, section: str, args: argparse.Namespace) -> None:
    if args.no_lighthouse:
        print("lighthouse: skipped (--no-lighthouse)", flush=True)
        return
    executable = bench_site.find_lighthouse(ROOT, args.lighthouse)
    if executable is None and args.install_lighthouse:
        executable = bench_site.install_lighthouse()
    if executable is None:
        print("lighthouse: not installed (python scripts/bench.py --install-lighthouse, or --lighthouse PATH)",
              flush=True)
        return
    if not os.access(CHROMIUM, os.X_OK):
        print(f"lighthouse: not installed (no Chromium at {CHROMIUM})", flush=True)
        return
    bench_lighthouse(ctx, section, executable)


if __name__ == "__main__":
    sys.exit(main())
