"""Benchmark the edition build and the built site; print each figure with its target (issue 9).

Run: ``python scripts/bench.py [--quick] [--no-lighthouse] [--repeats N] [--profile]``. Every time is the
median of N runs (3; 1 with ``--quick``), each in a fresh process so no run profits from caches the one
before filled. Targets are reported beside the figures, not asserted: the exit status is non-zero only
when something fails to run (a build error, a bad synthetic essay, a crashed tool).

Figures:

* **pipeline, this essay** – ``build_edition`` on the repository's sources and data (imports excluded);
  **mkdocs build, same pages, no plugin** – ``mkdocs build`` of the very pages ``python -m essay_edition
  pages`` writes, with the repo's ``docs/`` and ``overrides/``, the plugin removed and the edition's nav
  written out; and their ratio (target ≤ 15 %). **mkdocs build, this site with plugin** is the real build.
* **pipeline, synthetic k essays** for k in 1, 10, 50 (1, 5, 10 with ``--quick``): one process builds
  the synthetic essays of :mod:`synthetic_corpus` one after the other, as the MkDocs plugin does, keeping
  every edition; the time after k essays is the corpus-of-k time. **growth** is that over one essay
  (target: 50 essays ≤ 60×, pro rata for other sizes). **peak memory** is that process's maximum RSS.
* **site build, k essays** – ``mkdocs build`` of a site whose plugin ``essays:`` lists the k copies
  under ``essays/eNN/``, with the repo's docs/ and overrides/ (target: well under a minute).
* **page weight** – gzipped bytes of a first visit to the home page and to the first essay section
  page of the real site, with and without Material's search (worker, lunr files, index);
  **search index vs essay text**.
* **lighthouse** – Lighthouse 12 on those two pages served with gzip from 127.0.0.1, when installed.
"""

from __future__ import annotations

import argparse
import cProfile
import gzip
import json
import os
import pkgutil
import pstats
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_site  # noqa: E402 - scripts/ is put on the path just above
import synthetic_corpus  # noqa: E402

BUILD_ENV = {"NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"}
PLUGIN = "essay-edition"
FULL_SIZES, QUICK_SIZES = (1, 10, 50), (1, 5, 10)
PIPELINE_SHARE_TARGET = 0.15
GROWTH_TARGET_PER_ESSAY = 60 / 50  # 50 essays ≤ 60× one essay
SITE_TARGET_SECONDS = 60
MEMORY_TARGET_MB = 200
SECTION_WEIGHT_TARGET_KB = 120
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def figure_names(sizes: tuple[int, ...], lighthouse: bool) -> list[str]:
    """The name every figure line starts with, in print order (tests check each one is printed)."""
    names = ["pipeline, this essay", "mkdocs build, same pages, no plugin", "pipeline / mkdocs build",
             "mkdocs build, this site with plugin"]
    names += [f"pipeline, synthetic {_essays(k)}" for k in sizes]
    names += [f"growth, {_essays(k)} / 1 essay" for k in sizes if k > 1]
    names += [f"peak memory, pipeline at {_essays(sizes[-1])}", f"site build, {_essays(sizes[-1])}",
              f"page weight, section page + search, {_essays(sizes[-1])} site"]
    names += ["page weight, home page", "page weight, home page + search", "page weight, section page",
              "page weight, section page + search", "page weight, heaviest page", "search index vs essay text"]
    if lighthouse:
        names += [f"lighthouse, {page}, {category}" for page in ("home page", "section page")
                  for category in bench_site.CATEGORIES]
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


def _run(cmd: list[str], cwd: Path = ROOT, what: str = "") -> tuple[float, subprocess.CompletedProcess[str]]:
    """Run a command; return (wall seconds, the finished process); raise BenchError if it fails."""
    start = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env={**os.environ, **BUILD_ENV}, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if proc.returncode != 0:
        raise BenchError(f"{what or ' '.join(cmd)} failed ({proc.returncode}):\n{proc.stdout[-3000:]}"
                         f"{proc.stderr[-5000:]}")
    return seconds, proc


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


def _mkdocs_build(config: Path, site: Path, what: str) -> tuple[float, list[str], int]:
    """Build with ``mkdocs build``; return (seconds, warning lines, HTML pages built)."""
    shutil.rmtree(site, ignore_errors=True)
    seconds, proc = _run([sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)],
                         cwd=config.parent, what=what)
    return seconds, _warnings(proc.stdout + proc.stderr), len(list(site.rglob("*.html")))


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


def _median_builds(config: Path, site: Path, repeats: int, what: str,
                   before: Callable[[], None] = lambda: None) -> tuple[float, list[str], int, str]:
    """Median seconds of ``repeats`` builds, the last build's warnings and page count, and the runs' spread."""
    runs = []
    for _ in range(repeats):
        before()
        runs.append(_mkdocs_build(config, site, what))
    return statistics.median(r[0] for r in runs), runs[-1][1], runs[-1][2], _spread([r[0] for r in runs])


# --- the figures ------------------------------------------------------------------------------------


@dataclass
class Context:
    tmp: Path
    repeats: int
    sizes: tuple[int, ...]
    nav: list[Any]
    section: str  # the site URL of the essay's first section page, e.g. essay/<slug>/
    site: Path | None = None  # the real site, built with the plugin


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
    mkdocs, warnings, html, spread = _median_builds(config, work / "site", ctx.repeats,
                                                    "mkdocs build without the plugin")
    _line("mkdocs build, same pages, no plugin", _seconds(mkdocs),
          detail=f"{html} HTML pages from {len(generated)} generated + {len(static)} static files, "
                 f"{len(warnings)} warnings; {spread}")
    for warning in warnings[:5]:
        _note(warning[:160])
    share = pipeline / mkdocs
    _line("pipeline / mkdocs build", f"{share:.0%}", f"≤ {PIPELINE_SHARE_TARGET:.0%}", share <= PIPELINE_SHARE_TARGET)

    real = ctx.tmp / "real"
    real.mkdir()
    config = _write_config(site_config(ROOT / "docs", essays=[
        {"sources_dir": str(ROOT / "sources"), "data_dir": str(real / "data"), "prefix": ""}]), real / "mkdocs.yml")

    def fresh_data() -> None:  # the plugin saves the id registry into its data dir: each run starts alike
        shutil.rmtree(real / "data", ignore_errors=True)
        shutil.copytree(ROOT / "data", real / "data")

    seconds, warnings, html, spread = _median_builds(config, real / "site", ctx.repeats,
                                                     "mkdocs build of this site", before=fresh_data)
    _line("mkdocs build, this site with plugin", _seconds(seconds),
          detail=f"{html} HTML pages, {len(warnings)} warnings (pipeline included); {spread}")
    ctx.site = real / "site"


def bench_corpus(ctx: Context) -> None:
    """Pipeline time on synthetic corpora, growth, peak memory, and the multi-essay site build."""
    biggest = ctx.sizes[-1]
    corpus_dir = ctx.tmp / "corpus"
    start = time.perf_counter()
    essays = synthetic_corpus.make_corpus(biggest, ROOT / "sources", ROOT / "data", corpus_dir)
    edits = sum(len(e.edits) for e in essays)
    _note(f"(made {biggest} synthetic essays in {time.perf_counter() - start:.1f} s: renamed, sections "
          f"shuffled, {edits} word edits, own data and empty id registry each)")
    spec = [{"sources": str(e.sources_dir), "data": str(e.data_dir), "prefix": e.prefix} for e in essays]
    runs = _pipeline_worker(spec, ctx.repeats)
    times = {k: statistics.median(r["cumulative"][k - 1] for r in runs) for k in ctx.sizes}
    for k in ctx.sizes:
        pages = sum(runs[0]["pages"][:k])
        spread = _spread([r["cumulative"][k - 1] for r in runs])
        cpu = statistics.median(r["cpu"][k - 1] for r in runs)
        _line(f"pipeline, synthetic {_essays(k)}", _seconds(times[k]),
              detail=f"{pages} pages; CPU {cpu:.2f} s; {spread}")
    for k in ctx.sizes:
        if k > 1:
            growth, target = times[k] / times[1], GROWTH_TARGET_PER_ESSAY * k
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

    config = _write_config(site_config(ROOT / "docs", essays=[
        {"sources_dir": os.path.relpath(e.sources_dir, corpus_dir), "data_dir": os.path.relpath(e.data_dir, corpus_dir),
         "prefix": e.prefix} for e in essays]), corpus_dir / "mkdocs.yml")
    try:
        seconds, warnings, html, spread = _median_builds(
            config, corpus_dir / "site", ctx.repeats, f"mkdocs build of the {biggest}-essay site",
            before=lambda: _empty_registries(essays))
    except BenchError as err:
        _line(f"site build, {_essays(biggest)}", "FAILED", f"< {SITE_TARGET_SECONDS} s", False)
        for line in str(err).splitlines()[-12:]:
            _note(line[:200])
        raise
    _line(f"site build, {_essays(biggest)}", _seconds(seconds), f"< {SITE_TARGET_SECONDS} s",
          seconds < SITE_TARGET_SECONDS, f"{html} HTML pages, {len(warnings)} warnings "
          f"{'(--strict would fail)' if warnings else ''}; {spread}")
    _print_warnings(warnings)
    _multi_site_checks(corpus_dir / "site", essays[0].prefix, biggest, ctx.section)


def _empty_registries(essays: list[synthetic_corpus.SyntheticEssay]) -> None:
    """Each build starts from empty id registries (the plugin saves them after a build)."""
    for essay in essays:
        synthetic_corpus.empty_registry(essay.data_dir)


def _multi_site_checks(site: Path, prefix: str, count: int, section: str) -> None:
    """What a reader of the multi-essay site meets: the root page, the top navigation, search's weight."""
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
    page = f"{prefix}{section}" if (site / prefix / section / "index.html").is_file() else prefix
    weight = bench_site.page_weight(site, page)
    _line(f"page weight, section page + search, {_essays(count)} site", _kb(weight.total_with_search), "", None,
          f"/{page}: search index {_kb(weight.search.get('search/search_index.json', 0))} gz")


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
    """The first page of the first nav section that is a group (the essay's first section)."""
    for item in nav:
        for value in (item.values() if isinstance(item, dict) else []):
            if isinstance(value, list) and value:
                leaf = value[0]
                while isinstance(leaf, dict):
                    leaf = next(iter(leaf.values()))
                    leaf = leaf[0] if isinstance(leaf, list) else leaf
                return _page_url(str(leaf))
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
              "search: " + ", ".join(f"{Path(u).name} {_kb(s)}" for u, s in weight.search.items()))
        if weight.external or weight.missing:
            _note(f"external: {weight.external or 'none'}; missing: {weight.missing or 'none'}")
    heaviest = max((bench_site.page_weight(ctx.site, _site_url(ctx.site, p)) for p in ctx.site.rglob("index.html")),
                   key=lambda w: w.total)
    _line("page weight, heaviest page", _kb(heaviest.total), "", None, f"/{heaviest.page}")
    index = ctx.site / "search" / "search_index.json"
    manifest = json.loads((ROOT / "sources" / "manifest.json").read_text(encoding="utf-8"))
    essay = (ROOT / "sources" / str(manifest["essay"]["file"])).read_bytes()
    raw, gz = index.stat().st_size, bench_site.gzipped_size(index)
    entries = len(json.loads(index.read_text(encoding="utf-8"))["docs"])
    _line("search index vs essay text", f"{raw / len(essay):.1f}× raw", "", None,
          f"index {_kb(raw)} ({_kb(gz)} gz, {entries} entries) vs essay text {_kb(len(essay))} "
          f"({_kb(len(gzip.compress(essay, bench_site.GZIP_LEVEL)))} gz): {gz / len(gzip.compress(essay)):.1f}× gz")


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
    parser.add_argument("--repeats", type=int, help="runs per figure (default 3, or 1 with --quick)")
    parser.add_argument("--no-lighthouse", action="store_true", help="skip Lighthouse")
    parser.add_argument("--lighthouse", help="the lighthouse executable (default: looked up)")
    parser.add_argument("--install-lighthouse", action="store_true",
                        help=f"npm install lighthouse@{bench_site.LIGHTHOUSE_VERSION} into {bench_site.CACHE_PREFIX}")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of the pipeline on this essay (a fresh process)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (printed)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--worker-profile", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--worker-clear-caches", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        _worker(args.worker, args.worker_profile, args.worker_clear_caches)
        return 0
    repeats = args.repeats or (1 if args.quick else 3)
    sizes = QUICK_SIZES if args.quick else FULL_SIZES
    tmp = Path(tempfile.mkdtemp(prefix="essay-bench-"))
    print(f"{'figure':<52} {'median of ' + str(repeats):>14}   {'target':<14}", flush=True)
    failed = False
    try:
        nav = _edition_nav()
        ctx = Context(tmp, repeats, sizes, nav, section_page(nav))
        section = ctx.section
        steps: list[tuple[str, Callable[[], None]]] = [
            ("single essay", lambda: bench_single(ctx)),
            ("synthetic corpora", lambda: bench_corpus(ctx)),
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
