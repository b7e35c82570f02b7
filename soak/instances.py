"""Random planning instances for the property checks: a small synthetic dataset (optimiser.synthetic)
plus random overrides of rule parameters, rule statuses, budgets, needs, unit costs, indicators
and the objective, all within the values the schemas accept.

One generator serves both drivers. It asks a `Chooser` for every decision, so the same code draws
an instance from a seed (`SeededChooser`, `python -m soak`, replayable with `--replay SEED`) or
from hypothesis (`HypothesisChooser`, tests/test_plan_properties.py, which then shrinks it: every
decision shrinks towards its first option, i.e. towards the dataset as generated with nothing
changed).

The choices are biased towards instances that have a plan (measured by `python -m soak`): a floor
that budgets may not allow (the earmark share, growth margins, the relending quota, the
year-on-year increase, county floors, deadlines) is soft or off more often than it is hard, its
limit is drawn from the lower part of its valid range, and a family whose floor a budget cut
undermines is made soft when its source is cut hard.
"""

from __future__ import annotations

import random
import shutil
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pandas as pd
import yaml

from optimiser.rules import FAMILIES

ROOT = Path(__file__).resolve().parents[1]
TEMPLATE = ROOT / "data" / "shanxi"

COUNTIES = (6, 15)
PROJECTS = (0, 30)
YEARS = (1, 3)
DATA_SEEDS = 1000  # dataset seeds 0..999: a few datasets are met again, from the cache

# Sources of the template, by the floors they feed (see optimiser/rules/*.py).
EARMARK_SOURCES = ("central_special", "provincial_special")
BLOCK_SOURCES = ("forestry_block", "housing_block", "infrastructure_block")
SPECIAL_SOURCES = ("city_special", "county_integrated", "lottery", "industry_fund")
ALL_SOURCES = EARMARK_SOURCES + BLOCK_SOURCES + SPECIAL_SOURCES + ("revolving", "relending")
# The policy families (not the structural ones) a status may be drawn for. R-RELIEF-FUND stays
# off: the template has no relief_fund category, so switching it on is refused as bad input.
POLICY_FAMILIES = tuple(f.id for f in FAMILIES if not f.structural and f.id != "R-RELIEF-FUND")
# Which budget cuts undermine which family's floor (the floor compares with last year or with a
# share of the money, which a cut source cannot keep up).
UNDERMINED_BY = {
    "R-INCREASE": EARMARK_SOURCES + ("city_special",),
    "R-GROWTH": BLOCK_SOURCES,
    "R-RELENDING": ("relending",),
    "R-REVOLVING": ("revolving", "bank_credit"),
    "R-COUNTY-FLOOR": ALL_SOURCES,
    # the deep counties' targets and subsidy needs, by the sources that may pay for them
    "R-FARMLAND-TARGET": ("forestry_block", "provincial_special", "county_integrated"),
    "R-PV-COVERAGE": EARMARK_SOURCES + ("city_special", "county_integrated"),
    "R-LABOUR-SUBSIDY": EARMARK_SOURCES + ("city_special", "county_integrated"),
}
PENALTIES = (1000.0, 100.0, 10.0, 1.0, 10000.0, 0.0)


class SeededChooser:
    """Decisions from a seeded random.Random: the soak's instances, replayable by their seed."""

    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def integer(self, low: int, high: int) -> int:
        return self.rng.randint(low, high)


class HypothesisChooser:
    """Decisions drawn by hypothesis (st.data()), so that a failing instance shrinks."""

    def __init__(self, data):
        from hypothesis import strategies as st

        self.data = data
        self.st = st

    def integer(self, low: int, high: int) -> int:
        return self.data.draw(self.st.integers(low, high))


class Choices:
    """The kinds of decision, each made of integers so both choosers shrink or replay them."""

    def __init__(self, chooser):
        self.chooser = chooser

    def integer(self, low: int, high: int) -> int:
        return self.chooser.integer(low, high)

    def chance(self, percent: int) -> bool:
        """True with `percent` % probability; 0 (what a shrinker tends to) is False."""
        return self.integer(0, 99) >= 100 - percent

    def pick(self, options):
        """One of `options`; the first one is the simplest."""
        return options[self.integer(0, len(options) - 1)]

    def weighted(self, options):
        """One of (option, weight) pairs; the first one is the simplest."""
        total = sum(w for _, w in options)
        roll = self.integer(0, total - 1)
        for option, weight in options:
            if roll < weight:
                return option
            roll -= weight
        raise AssertionError("unreachable")

    def grid(self, low: float, high: float, step: float) -> float:
        """A value in [low, high] on a grid of `step`, starting from low."""
        n = round((high - low) / step)
        return round(low + self.integer(0, n) * step, 10)


@dataclass(frozen=True)
class Spec:
    """One instance: the dataset to generate and the overrides to apply to it."""

    counties: int
    projects: int
    years: int
    data_seed: int
    divisible: tuple[tuple[int, float | None], ...] = ()  # (project index, min fraction)
    sets: tuple[str, ...] = ()
    off: tuple[str, ...] = ()
    soft: tuple[str, ...] = ()
    hard: tuple[str, ...] = ()
    seed: int | None = None  # the soak seed it was drawn from, if any

    @property
    def dataset_key(self) -> str:
        parts = [str(self.counties), str(self.projects), str(self.years), str(self.data_seed)]
        if self.divisible:
            parts.append(
                "d" + "_".join(f"{i}-{'x' if f is None else f}" for i, f in self.divisible)
            )
        return "-".join(parts)

    @property
    def plan_years(self) -> list[int]:
        first = template().years.plan[0]
        return list(range(first, first + self.years))

    def overrides(self) -> list:
        from optimiser.scenario.overrides import parse_all

        return parse_all(list(self.sets), list(self.off), list(self.soft), list(self.hard))

    def describe(self) -> str:
        """The instance as the generate and what-if commands would state it."""
        lines = [
            f"allocate generate --counties {self.counties} --projects {self.projects} "
            f"--years {self.years} --seed {self.data_seed}"
        ]
        if self.divisible:
            lines.append(
                "  then in projects.csv, divisible (row: min_fraction): "
                + ", ".join(f"{i}: {'-' if f is None else f}" for i, f in self.divisible)
            )
        flags = [f"--set {s}" for s in self.sets]
        flags += [f"--off {r}" for r in self.off]
        flags += [f"--soft {r}" for r in self.soft]
        flags += [f"--hard {r}" for r in self.hard]
        if flags:
            lines.append("  overrides: " + " ".join(flags))
        if self.seed is not None:
            lines.append(f"  replay: python -m soak --replay {self.seed}")
        return "\n".join(lines)

    def with_overrides(self, soft: tuple[str, ...] = (), off: tuple[str, ...] = ()) -> Spec:
        """The same instance with more families made soft or switched off (a later status wins)."""
        return Spec(
            self.counties,
            self.projects,
            self.years,
            self.data_seed,
            self.divisible,
            self.sets,
            tuple(r for r in self.off if r not in soft) + tuple(off),
            tuple(r for r in self.soft if r not in off) + tuple(soft),
            tuple(r for r in self.hard if r not in soft and r not in off),
            self.seed,
        )


# ---- drawing an instance -------------------------------------------------------------------


def draw_spec(chooser, cache: Path, seed: int | None = None) -> Spec:
    """Every decision of an instance, from `chooser` (a SeededChooser or a HypothesisChooser).
    The dataset is generated (into `cache`) as soon as its size is drawn, so that the overrides
    of needs and budgets name rows it has."""
    c = Choices(chooser)
    counties = c.integer(*COUNTIES)
    projects = c.integer(*PROJECTS)
    years = c.integer(*YEARS)
    data_seed = c.integer(0, DATA_SEEDS - 1)
    divisible: list[tuple[int, float | None]] = []
    if projects and c.chance(30):
        for i in range(projects):
            if c.chance(35):
                divisible.append((i, c.pick((None, 0.5, 0.25, 0.1, 0.75, 0.9, 1.0))))
    data = dataset(Spec(counties, projects, years, data_seed), cache)

    first = template().years.plan[0]
    plan = list(range(first, first + years))
    sets: list[str] = []
    statuses: dict[str, str] = {}

    # budgets: up to three sources and years changed by -50% .. +50%
    cuts: dict[str, float] = {}
    for _ in range(c.weighted([(0, 3), (1, 3), (2, 2), (3, 2)])):
        source, year = c.pick(_budget_rows(data, plan))
        percent = c.pick(_changes(50, 5, zero=True))
        if percent:
            sets.append(f"budget.{source}.{year}={percent:+d}%")
            cuts[source] = min(cuts.get(source, 0.0), percent / 100)

    # rule statuses: floors that a budget may not allow lean towards soft
    # (weights: keep the dataset's status, hard, soft, off)
    lean = {
        "R-EARMARK": (5, 2, 2, 1),
        "R-GROWTH": (4, 1, 3, 2),
        "R-REVOLVING": (5, 1, 2, 2),
        "R-RELENDING": (4, 1, 3, 2),
        "R-INDUSTRY-FUND": (5, 2, 2, 1),
        "R-LOTTERY": (5, 2, 2, 1),
        "R-FOREST-QUOTA": (5, 2, 2, 1),
        "R-LABOUR-SUBSIDY": (4, 1, 3, 2),  # needs a budget may not meet
        "R-EDUCATION-FIRST": (5, 2, 2, 1),
        "R-INCREASE": (3, 1, 4, 2),
        "R-PREPAY": (5, 2, 0, 1),  # hard or off: its row ties an advance to its start
        "R-DEADLINE": (4, 1, 3, 2),
        "R-FARMLAND-TARGET": (4, 1, 3, 2),  # targets a budget may not meet
        "R-PV-COVERAGE": (4, 1, 3, 2),
        "R-COUNTY-FLOOR": (6, 1, 3, 0),  # off in the dataset: keeping it is switching it off
    }
    for rule in POLICY_FAMILIES:
        keep, hard, soft, off = lean[rule]
        status = c.weighted([(None, keep), ("hard", hard), ("soft", soft), ("off", off)])
        if status is not None:
            statuses[rule] = status
    base = template().policy.rules
    for rule, sources in UNDERMINED_BY.items():
        effective = statuses.get(rule, base[rule].status)
        cut = any(cuts.get(s, 0.0) <= -0.2 for s in sources)
        if effective == "hard" and cut and not c.chance(15):
            statuses[rule] = "soft"  # mostly: a floor the cut cannot keep is softened

    # each family's own parameters, within their schemas, drawn from the feasible end
    params: list[str] = []
    if c.chance(40):
        params.append(f"R-EARMARK.share={c.grid(0.0, 0.7, 0.05)}")
    if c.chance(25):
        params.append(f"R-EARMARK.base={c.pick(('allocated', 'budget'))}")
    if c.chance(30):
        params.append(f"R-GROWTH.margin={c.grid(-0.3, 0.5, 0.05)}")
    if c.chance(20):
        params.append(f"R-GROWTH.per_source={c.pick(('false', 'true'))}")
    if c.chance(40):
        params += _revolving(c)
    if c.chance(30):
        params.append(f"R-RELENDING.min_deep_wan={c.pick((0, 1000, 5000, 10000, 20000, 50000))}")
    if c.chance(15):
        params.append(f"R-RELENDING.max_rollovers={c.integer(0, 20)}")
    for rule in ("R-INDUSTRY-FUND", "R-LOTTERY", "R-FOREST-QUOTA", "R-EDUCATION-FIRST"):
        if c.chance(35):
            params += _priority(c, rule)
    if c.chance(20):
        params.append(f"R-INDUSTRY-FUND.include_city_level={c.pick(('false', 'true'))}")
    if c.chance(30):
        params.append(f"R-INCREASE.min_growth={c.grid(-0.5, 0.3, 0.05)}")
    if c.chance(25):
        params.append(f"R-INCREASE.scope={c.pick(('per_source', 'total'))}")
    if c.chance(20):
        params.append(f"R-INCREASE.min_increase_wan={c.pick((0.0, 1.0, 100.0, 0.01))}")
    if c.chance(25):
        params.append(f"R-INCREASE.city_double_growth={c.pick(('false', 'true'))}")
    if c.chance(35):
        params.append(f"R-PREPAY.max_share={c.grid(0.0, 1.0, 0.1)}")
    if c.chance(30):  # deadlines are never before the plan's first year, so only later
        params.append(f"R-DEADLINE.delay_years={c.integer(0, 3)}")
    if c.chance(25):
        params.append(f"R-DEADLINE.reading={c.pick(('started', 'completed'))}")
    if c.chance(20):
        params.append(f"R-FOREST-QUOTA.sources={c.pick(('null', '[forestry_block]'))}")
    if c.chance(25):
        params.append(f"R-LABOUR-SUBSIDY.reading={c.pick(('first', 'guarantee'))}")
        params += _priority(c, "R-LABOUR-SUBSIDY")
    for rule in ("R-FARMLAND-TARGET", "R-PV-COVERAGE"):
        if c.chance(25):
            params.append(f"{rule}.pace={c.pick(('end', 'even'))}")
        if c.chance(20):  # never before the plan's first year (refused as bad input)
            params.append(f"{rule}.year={first + c.integer(0, 5)}")
    if c.chance(40):
        params.append(f"R-COUNTY-FLOOR.min_fraction_of_formula={c.grid(0.0, 1.0, 0.1)}")
    if c.chance(20):
        params.append(f"R-COUNTY-FLOOR.min_wan={c.pick((0, 10, 100, 500, 2000, 10000))}")
    for rule in POLICY_FAMILIES:
        if statuses.get(rule, base[rule].status) == "soft" and c.chance(60):
            params.append(f"{rule}.penalty={c.pick(PENALTIES)}")
    sets += params

    # structural families: instalments after the horizon; R-PROJECT off
    if c.chance(20):
        sets.append("R-PAYMENT.beyond_horizon=ignore")
    if c.chance(5):
        statuses["R-PROJECT"] = "off"

    # needs, unit costs, indicators
    if c.chance(25):
        need = c.pick(data.needs)
        sets.append(f"need.{need.county_code}.{need.category}={c.pick(_changes(50, 10)):+d}%")
    if c.chance(20):
        category = c.pick([k.code for k in data.categories])
        sets.append(f"unit_cost.{category}={c.pick(_changes(30, 10)):+d}%")
    if c.chance(20):
        county = f"c{c.integer(0, counties - 1):05d}"
        sets.append(f"indicator.{county}.poor_population={c.pick(_changes(30, 10)):+d}%")

    # the objective
    if c.chance(35):
        sets.append("objective.mode=formula")
    if c.chance(25):
        sets.append(f"objective.deep_weight={c.pick((1.5, 0.5, 2.0, 3.0, 0.0))}")
    if c.chance(20):
        sets.append(f"objective.stability_weight={c.pick((0.01, 0.1, 1.0, 0.001))}")

    return Spec(
        counties,
        projects,
        years,
        data_seed,
        tuple(divisible),
        tuple(sets),
        tuple(r for r, s in statuses.items() if s == "off"),
        tuple(r for r, s in statuses.items() if s == "soft"),
        tuple(r for r, s in statuses.items() if s == "hard"),
        seed,
    )


def _changes(largest: int, step: int, zero: bool = False) -> list[int]:
    """Changes in percent, smallest first (what a shrinker tends to): [0,] step, -step, ..."""
    found = [0] if zero else []
    for size in range(step, largest + 1, step):
        found += [size, -size]
    return found


def _revolving(c: Choices) -> list[str]:
    found = []
    if c.chance(50):
        found.append(f"R-REVOLVING.deep_share={c.grid(0.0, 0.4, 0.05)}")
    if c.chance(40):
        found.append(f"R-REVOLVING.county_match_ratio={c.pick((1.0, 0.5, 0.0, 2.0))}")
    if c.chance(40):
        found.append(f"R-REVOLVING.bank_leverage={c.pick((2.0, 1.0, 0.0, 3.0))}")
    if c.chance(40):
        low = c.integer(1, 3)
        high = low + c.integer(0, 2)
        # the maximum first, so the pair is valid whatever the dataset's minimum
        found.append(f"R-REVOLVING.term_years_max={max(high, 3)}")
        found.append(f"R-REVOLVING.term_years_min={low}")
        if high < 3:
            found.append(f"R-REVOLVING.term_years_max={high}")
    if c.chance(25):
        found.append(f"R-REVOLVING.poverty_counties_only={c.pick(('false', 'true'))}")
    if c.chance(40):
        found.append(f"R-REVOLVING.min_lent_share={c.grid(0.0, 1.0, 0.25)}")
    return found


def _priority(c: Choices, rule: str) -> list[str]:
    found = []
    if c.chance(50):
        found.append(f"{rule}.method={c.pick(('share', 'weighted', 'lexicographic'))}")
    if c.chance(30):
        found.append(f"{rule}.weight={c.pick((0.1, 10.0, 1.0, 0.0))}")
    if c.chance(50):
        found.append(f"{rule}.min_deep_share={c.grid(0.0, 1.0, 0.1)}")
    if c.chance(30):
        found.append(f"{rule}.tolerance={c.pick((1e-9, 0.0, 1e-6, 0.01, 0.1))}")
    return found


# ---- the dataset of an instance -------------------------------------------------------------


@lru_cache(maxsize=1)
def template():
    from optimiser.api import load

    return load(TEMPLATE)


def _budget_rows(data, plan: list[int]) -> list[tuple[str, int]]:
    return sorted({(b.source, b.year) for b in data.budgets if b.year in plan})


def dataset_folder(spec: Spec, cache: Path) -> Path:
    """The instance's dataset on disk, generated once per parameters into `cache`."""
    folder = cache / spec.dataset_key
    if (folder / "policy.yaml").exists():
        return folder
    from optimiser.synthetic import generate

    work = cache / f".{spec.dataset_key}.{random.getrandbits(32):08x}"
    generate(template(), spec.counties, spec.projects, spec.years, spec.data_seed, work)
    projects = work / "projects.csv"
    if spec.projects == 0:
        # before 1b2ad0b `allocate generate --projects 0` wrote an empty projects.csv, which
        # does not load; the table is optional
        projects.unlink(missing_ok=True)
    elif spec.divisible:
        frame = pd.read_csv(projects, dtype=str, keep_default_na=False)
        frame["divisible"] = ""
        frame["min_fraction"] = ""
        for i, fraction in spec.divisible:
            frame.loc[i, "divisible"] = "true"
            frame.loc[i, "min_fraction"] = "" if fraction is None else f"{fraction:g}"
        frame.to_csv(projects, index=False, encoding="utf-8")
        provenance = yaml.safe_load((work / "provenance.yaml").read_text(encoding="utf-8"))
        columns = provenance["projects.csv"]
        entry = dict(next(iter(columns.values())))  # as the generator states the others
        if "method" in entry:
            entry["method"] += "; divisible and min_fraction set by soak/instances.py"
        columns["divisible"] = columns["min_fraction"] = entry
        (work / "provenance.yaml").write_text(
            yaml.safe_dump(provenance, allow_unicode=True), encoding="utf-8"
        )
    try:
        work.rename(folder)
    except OSError:  # another process made it meanwhile
        shutil.rmtree(work, ignore_errors=True)
    return folder


_LOADED: dict[tuple[str, str], object] = {}


def dataset(spec: Spec, cache: Path):
    """The instance's dataset before overrides, loaded once per process."""
    key = (str(cache), spec.dataset_key)
    if key not in _LOADED:
        from optimiser.api import load

        _LOADED[key] = load(dataset_folder(spec, cache))
    return _LOADED[key]


def variant(spec: Spec, cache: Path):
    """The instance's dataset with its overrides applied (validated like any variant)."""
    from optimiser.scenario.overrides import apply

    return apply(dataset(spec, cache), spec.overrides())


def from_seed(seed: int, cache: Path) -> Spec:
    return draw_spec(SeededChooser(seed), cache, seed)
