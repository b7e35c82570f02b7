"""Monte Carlo robustness: `allocate batch --draws N --vary PATH=±P% [--vary ...] --seed S`.

Each `--vary` names a numeric override path and a range:

    budget.central_special=±10%          every plan year's budget of the source, one draw for all
    budget.central_special.2018=±10%     one year's budget ('+-10%' is the same)
    need.loufan.housing=-20%..+5%        a change within a range, in percent
    R-EARMARK.share=0.30..0.35           a value within a range (both ends absolute)

Draw i (1..N) takes, for each `--vary`, a value uniformly distributed over its range, from
numpy's generator seeded with `--seed`: the same seed gives the same draws, and the first N
draws of a larger batch are the N of a smaller one, so `--draws 2000` after `--draws 1000` solves
only the 1,000 new ones. Draw 0 is the base plan, the reference of the report. Every draw is a
row point (optimiser.batch.points), answered on the base's held model and anchored to the base
plan, so a county's money moves only as far as the draw makes it.

The statistics: per county, its allocation (万元, over all sources and the run's years) over the
draws with a plan — mean and the 5th, 50th and 95th percentiles (linear interpolation between
the draws, numpy's default) — and per policy rule how often it binds somewhere (the share of the
draws with a plan), per family and per instance.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

import numpy as np

from optimiser.batch.points import ROW, Point
from optimiser.batch.warm import Settings
from optimiser.dataset import Dataset
from optimiser.problems import InputError, Problem
from optimiser.solution import PLAN_STATUSES

UNSIGNED = r"(?:\d+(?:\.\d*)?|\.\d+)"
NUMBER = rf"[+-]?{UNSIGNED}"
SYMMETRIC = re.compile(rf"^(?:±|\+-|\+/-)\s*({UNSIGNED})\s*%$")
RANGE = re.compile(rf"^({NUMBER})(%?)\s*\.\.\s*({NUMBER})(%?)$")
EXPECTED = (
    "PATH=±P% (budget.central_special=±10%, or +-10%), PATH=LOW%..HIGH% (-20%..+5%) or "
    "PATH=LOW..HIGH (R-EARMARK.share=0.30..0.35), a numeric override path"
)


@dataclass(frozen=True)
class Vary:
    text: str  # as typed
    path: str
    low: float
    high: float
    percent: bool

    def paths(self, years: list[int]) -> list[str]:
        """The override paths one draw sets: a budget named without its year is set in every
        year of the run."""
        keys = self.path.split(".")
        if keys[0] == "budget" and len(keys) == 2:
            return [f"{self.path}.{year}" for year in years]
        return [self.path]

    def said(self, value: float) -> str:
        """A drawn value as an override writes it: +3.2718% or 0.3172."""
        return f"{value:+.4f}%" if self.percent else f"{value:.6g}"

    def overrides(self, value: float, years: list[int]) -> list[str]:
        return [f"{path}={self.said(value)}" for path in self.paths(years)]


def parse_vary(text: str) -> Vary:
    """One `--vary`; InputError naming it when it is not PATH=RANGE."""
    path, _, spread = text.partition("=")
    path, spread = path.strip(), spread.strip()

    def bad(expected: str = EXPECTED) -> InputError:
        return InputError([Problem("--vary", None, None, text, expected)])

    if not path or not spread:
        raise bad()
    found = SYMMETRIC.match(spread)
    if found:
        width = float(found[1])
        return Vary(text, path, -width, width, True)
    found = RANGE.match(spread)
    if found:
        if bool(found[2]) != bool(found[4]):
            raise bad("both ends in percent or both absolute: " + EXPECTED)
        low, high = float(found[1]), float(found[3])
        if high < low:
            raise bad(f"a range from low to high ({found[3]}..{found[1]}?)")
        return Vary(text, path, low, high, bool(found[2]))
    raise bad()


def check_varies(data: Dataset, varies: list[Vary], years: list[int]) -> None:
    """Each range's ends applied to `data`: a path the dataset does not have, or an end it
    refuses (a budget below zero, a share above 1), before anything is solved."""
    from optimiser.scenario.overrides import apply, parse_all

    if not varies:
        raise InputError([Problem("--vary", None, None, None, "at least one --vary with --draws")])
    paths = [v.path for v in varies]
    twice = sorted({p for p in paths if paths.count(p) > 1})
    if twice:
        raise InputError([Problem("--vary", None, None, twice[0], "each path varied once")])
    for vary in varies:
        for end in (vary.low, vary.high):
            apply(data, parse_all(vary.overrides(end, years)))


def drawn(varies: list[Vary], draws: int, seed: int) -> np.ndarray:
    """The values of draws 1..N (rows) for each vary (columns): uniform over each range."""
    rng = np.random.default_rng(seed)
    unit = rng.random((draws, len(varies)))
    low = np.array([v.low for v in varies])
    high = np.array([v.high for v in varies])
    return low + (high - low) * unit


def draw_points(
    data: Dataset, years: list[int], varies: list[Vary], draws: int, seed: int, settings=None
) -> list[Point]:
    """Draw 0 (the base) and draws 1..N as row points."""
    settings = settings or Settings()
    values = drawn(varies, draws, seed)
    points = [
        Point(
            0,
            ROW,
            data.input_hash,
            tuple(years),
            (),
            fields=(("draw", 0), *((v.path, "") for v in varies)),
            settings=settings,
        )
    ]
    for i in range(draws):
        said = [v.said(values[i, j]) for j, v in enumerate(varies)]
        overrides = [o for j, v in enumerate(varies) for o in v.overrides(values[i, j], years)]
        points.append(
            Point(
                i + 1,
                ROW,
                data.input_hash,
                tuple(years),
                tuple(overrides),
                fields=(("draw", i + 1), *zip([v.path for v in varies], said, strict=True)),
                settings=settings,
            )
        )
    return points


def draws_columns(data: Dataset, varies: list[Vary]) -> list[str]:
    from optimiser.scenario.sets import sweep_columns

    return ["draw", *[v.path for v in varies]] + [
        c for c in sweep_columns(data) if c not in ("value", "value_wan")
    ]


def text_columns(varies: list[Vary]) -> set[str]:
    from optimiser.scenario.sets import SWEEP_TEXT

    return SWEEP_TEXT | {v.path for v in varies}


# ---- the statistics ---------------------------------------------------------------------------


@dataclass
class Distribution:
    """What the draws show (see the module's text); money in 万元."""

    draws: int  # draws 1..N in the file
    planned: int  # of them with a plan
    no_plan: int  # of them without one (infeasible, no plan found)
    failed: int  # of them that could not be solved (an error)
    counties: list[dict]  # code, base, mean, p5, p50, p95, low, high
    people: dict  # base, mean, p5, p50, p95
    families: list[dict]  # rule_id, draws, share; most often first
    instances: list[dict]  # rule_id, instance, draws, share; most often first


def distribution(rows: list[dict], data: Dataset) -> Distribution:
    """The statistics of a draws file's rows (typed: optimiser.batch.store.typed)."""
    from optimiser.scenario.sets import binding_families

    base = next((r for r in rows if int(r.get("draw") or 0) == 0), None)
    drawn_rows = [r for r in rows if int(r.get("draw") or 0) > 0]
    planned = [r for r in drawn_rows if r.get("status") in PLAN_STATUSES]
    failed = [r for r in drawn_rows if r.get("status") in ("failed", "bad-input")]
    counties = []
    for county in data.counties:
        column = f"county:{county.code}"
        values = np.array([float(r.get(column) or 0.0) for r in planned])
        counties.append(
            {
                "code": county.code,
                "base": _base(base, column),
                **_stats(values),
            }
        )
    reached = np.array([float(r["people_reached"]) for r in planned if r.get("people_reached")])
    people = {"base": _base(base, "people_reached"), **_stats(reached, places=None)}
    family_count: dict[str, int] = {}
    instance_count: dict[tuple[str, str], int] = {}
    for row in planned:
        for family in binding_families(row):
            family_count[family] = family_count.get(family, 0) + 1
        pairs = json.loads(row.get("binding") or "[]")
        for rule_id, instance in {(a, b) for a, b in pairs}:
            instance_count[(rule_id, instance)] = instance_count.get((rule_id, instance), 0) + 1
    total = len(planned) or 1
    families = [
        {"rule_id": k, "draws": n, "share": n / total}
        for k, n in sorted(family_count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    instances = [
        {"rule_id": k[0], "instance": k[1], "draws": n, "share": n / total}
        for k, n in sorted(instance_count.items(), key=lambda kv: (-kv[1], kv[0]))
    ]
    return Distribution(
        draws=len(drawn_rows),
        planned=len(planned),
        no_plan=len(drawn_rows) - len(planned) - len(failed),
        failed=len(failed),
        counties=counties,
        people=people,
        families=families,
        instances=instances,
    )


def _base(row: dict | None, column: str) -> float | None:
    if row is None or row.get("status") not in PLAN_STATUSES:
        return None
    value = row.get(column)
    return None if value is None else float(value)


def _stats(values: np.ndarray, places: int | None = 2) -> dict:
    if not len(values):
        return dict.fromkeys(("mean", "p5", "p50", "p95", "low", "high"))
    found = {
        "mean": float(values.mean()),
        "p5": float(np.percentile(values, 5)),
        "p50": float(np.percentile(values, 50)),
        "p95": float(np.percentile(values, 95)),
        "low": float(values.min()),
        "high": float(values.max()),
    }
    return found if places is None else {k: round(v, places) for k, v in found.items()}
