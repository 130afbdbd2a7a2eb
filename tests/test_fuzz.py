"""Fuzzing every parser and curated-data loader: bad input is one SourceError line, never a traceback.

The property (:func:`fuzz_cases.judge`): on any input a parser returns normally or raises a
:class:`~essay_edition.errors.SourceError` whose text is a single ``path:line: message`` line naming
the file the input stands for, with a positive line number where one is given. Inputs are random
text built from each format's own tokens and mutations of the real files in ``sources/`` and
``data/`` (see tests/fuzz_cases.py).

Two tiers:

* the default tier runs on every ``pytest``: a fixed (derandomized) set of examples per parser, so
  CI is reproducible; Hypothesis shrinks a failure to a minimal input and prints it;
* the long tier (marker ``fuzz``, opt in with ``--run-fuzz``) runs at least 10,000 examples per
  parser (``FUZZ_EXAMPLES=<n>`` changes that) without stopping at the first failure, so it can
  count outcomes. Each distinct failure (exception type and raising line) is then shrunk by
  ``hypothesis.find``. Per-parser figures go to ``artifacts/fuzz-report.txt`` and the terminal;
  ``FUZZ_SEED=<n>`` replays a run.
"""

from __future__ import annotations

import os
import random
import re
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime

import hypothesis
import pytest
from fuzz_cases import ROOT, Sample, Target, entry, judge, samples, signature, targets
from hypothesis import HealthCheck, find, given, seed, settings
from hypothesis.errors import NoSuchExample

TARGETS = targets()
HEALTH = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.function_scoped_fixture,
          HealthCheck.filter_too_much]
DEFAULT_EXAMPLES = 100  # derandomized; about 0.5 s per parser here
SLOWEST_INPUT = 10.0  # seconds any single input may take in the long run
LONG_EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES") or 10_000)  # per parser; FUZZ_EXAMPLES overrides
SHRINK_EXAMPLES = 3_000  # examples hypothesis.find may try to meet each distinct failure again
REPORT = ROOT / "artifacts" / "fuzz-report.txt"
SEED = int(os.environ.get("FUZZ_SEED") or random.SystemRandom().randrange(2**32))

DEFAULT = settings(max_examples=DEFAULT_EXAMPLES, deadline=None, derandomize=True, database=None,
                   suppress_health_check=HEALTH)
LONG = settings(max_examples=LONG_EXAMPLES, deadline=None, database=None, suppress_health_check=HEALTH,
                report_multiple_bugs=False)


@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_parser_returns_or_raises_one_line(target: Target) -> None:
    @DEFAULT
    @given(sample=samples(target))
    def run(sample: Sample) -> None:
        judge(target, sample)

    run()


# --- the long tier ---------------------------------------------------------------------------------

@dataclass
class Tally:
    """What one parser did over a long run: outcome counts and, per distinct failure, an input."""

    name: str
    outcomes: Counter[str] = field(default_factory=Counter)
    failures: Counter[str] = field(default_factory=Counter)
    found: dict[str, Sample] = field(default_factory=dict)  # first input seen per failure
    via: dict[str, str] = field(default_factory=dict)  # the innermost essay_edition frame per failure
    minimal: dict[str, Sample] = field(default_factory=dict)  # shrunk by hypothesis.find
    seconds: float = 0.0
    slowest: float = 0.0  # the longest single input, in seconds (the bound: none over 10 s)

    @property
    def examples(self) -> int:
        return sum(self.outcomes.values())

    def record(self, target: Target, sample: Sample) -> None:
        start = time.monotonic()
        try:
            self.outcomes[judge(target, sample)] += 1
        except Exception as exc:  # every other exception is the finding being counted
            self.outcomes["failure"] += 1
            key = signature(exc)
            self.failures[key] += 1
            self.found.setdefault(key, sample)
            self.via.setdefault(key, entry(exc))
        finally:
            self.slowest = max(self.slowest, time.monotonic() - start)

    def lines(self) -> list[str]:
        head = (f"{self.name:<22} {self.examples:>6} examples  {self.outcomes['ok']:>6} ok  "
                f"{self.outcomes['error']:>6} SourceError  {self.outcomes['failure']:>5} failures  "
                f"{self.seconds:7.1f} s  slowest {self.slowest:5.2f} s")
        out = [head]
        for key, count in self.failures.most_common():
            sample = self.minimal.get(key, self.found[key])
            how = "minimal" if key in self.minimal else "first seen (find() did not meet it again)"
            shown = _compact(repr(sample))
            out += [f"    {count:>5} x {key} (in essay_edition: {self.via[key]})", f"          {how}: {shown}"]
        return out


def _compact(text: str, limit: int = 400) -> str:
    """Return a repr shortened for the report: long runs of one character as ``c…(×n)``, then cut."""
    text = re.sub(r"(.)\1{15,}", lambda m: f"{m[1]}…(×{len(m[0])})", text)
    return text if len(text) <= limit else text[:limit] + "…"


def _shrink(target: Target, key: str) -> Sample | None:
    """Return a minimal input that fails the same way (same exception type and line), if one is met again."""

    def same_failure(sample: Sample) -> bool:
        try:
            judge(target, sample)
        except Exception as exc:  # any exception but SourceError is a failure
            return signature(exc) == key
        return False

    try:
        return find(samples(target), same_failure, settings=settings(
            max_examples=SHRINK_EXAMPLES, deadline=None, database=None, suppress_health_check=HEALTH))
    except NoSuchExample:
        return None


@dataclass
class Report:
    tallies: dict[str, Tally] = field(default_factory=dict)

    def text(self) -> str:
        when = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
        lines = [f"fuzz report {when}: hypothesis {hypothesis.__version__}, seed {SEED} (replay: FUZZ_SEED={SEED}),",
                 f"at least {LONG_EXAMPLES} examples per parser; failures are non-SourceError exceptions or",
                 "SourceErrors that are not one 'path:line: message' line.", ""]
        for name in [t.name for t in TARGETS if t.name in self.tallies]:
            lines += self.tallies[name].lines()
        total = sum(t.examples for t in self.tallies.values())
        failing = [t.name for t in self.tallies.values() if t.outcomes["failure"]]
        seconds = sum(t.seconds for t in self.tallies.values())
        lines += ["", f"total: {len(self.tallies)} parsers, {total} examples, {seconds:.0f} s; "
                      f"parsers with failures: {', '.join(failing) or 'none'}"]
        return "\n".join(lines) + "\n"

    def write(self) -> None:
        REPORT.parent.mkdir(parents=True, exist_ok=True)
        REPORT.write_text(self.text(), encoding="utf-8")


@pytest.fixture(scope="module")
def fuzz_report(request: pytest.FixtureRequest) -> Iterator[Report]:
    report = Report()
    yield report
    if report.tallies:
        terminal = request.config.pluginmanager.get_plugin("terminalreporter")
        if terminal is not None:
            terminal.write_line("")
            for line in report.text().splitlines():
                terminal.write_line(line)


@pytest.mark.fuzz
@pytest.mark.parametrize("target", TARGETS, ids=[t.name for t in TARGETS])
def test_parser_long_fuzz(target: Target, fuzz_report: Report) -> None:
    tally = Tally(target.name)

    @seed(SEED)
    @LONG
    @given(sample=samples(target))
    def run(sample: Sample) -> None:
        tally.record(target, sample)

    start = time.monotonic()
    run()
    for key in tally.failures:
        shrunk = _shrink(target, key)
        if shrunk is not None:
            tally.minimal[key] = shrunk
    tally.seconds = time.monotonic() - start
    fuzz_report.tallies[target.name] = tally
    fuzz_report.write()
    if tally.examples < LONG_EXAMPLES:
        pytest.fail(f"hypothesis stopped after {tally.examples} of {LONG_EXAMPLES} examples", pytrace=False)
    if tally.failures:
        pytest.fail("\n".join(tally.lines()), pytrace=False)
    if tally.slowest > SLOWEST_INPUT:
        pytest.fail(f"one input took {tally.slowest:.1f} s (bound {SLOWEST_INPUT} s)", pytrace=False)

