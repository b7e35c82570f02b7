"""The Pyomo model: decision variables over sparse index sets, the rule families' constraints
under their rule ids, and the objective.

Variables (money in 万元):
    x[s, c, k, y]  money source s pays county c for category k in year y (arcs of RunInputs)
    u[c, k, y]     units of category k started in county c in year y (where c needs k)
    z[p, y]        project p starts in year y (binary; in [0, 1] when divisible)

Each family adds rows through `ModelBuilder.add`, which names them `<rule id>[<instance>]`, adds a
penalised shortfall variable when the rule is soft, and remembers each row for the report. The
name is the contract between model and report: nothing downstream parses expressions.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

import pyomo.core as pyo
from pyomo.core.expr.numeric_expr import LinearExpression

from optimiser.model.expr import linear
from optimiser.model.inputs import RunInputs
from optimiser.rules.base import RuleFamily, RuleParams

Sense = Literal[">=", "<=", "=="]


def component_name(rule_id: str) -> str:
    return rule_id.replace("-", "_")


@dataclass
class RuleRow:
    """One instance of a rule in the model."""

    rule_id: str
    instance: str
    sense: Sense
    rhs: float
    body: object  # the left-hand side, without the shortfall variable
    penalty: float | None = None  # objective units per unit of shortfall when soft
    constraint: object = None  # the Pyomo ConstraintData, once built
    shortfall: object = None  # the shortfall variable, when soft
    # (left, right) in the rule's own terms when the row is an algebraic rearrangement, e.g. the
    # earmark's (deep counties' money, share x all money) for `deep - share * all >= 0`
    show: tuple | None = None


@dataclass
class InfoRow:
    """A rule instance applied to the data rather than as a constraint (e.g. a capped
    prepayment): reported, with no dual."""

    rule_id: str
    instance: str
    status: str
    lhs: float
    rhs: float


@dataclass
class Priority:
    """Maximise `expr` first, then keep it at its maximum (less a relative tolerance) while
    optimising what comes after. Priorities of the same rank are maximised together, as one sum:
    "deep counties first" of every source it applies to is one stage (see rules/priority.py)."""

    rule_id: str
    instance: str
    expr: object
    tolerance: float
    rank: int = 0


@dataclass
class ModelBuilder:
    inputs: RunInputs
    model: pyo.ConcreteModel = field(default_factory=lambda: pyo.ConcreteModel(name="allocation"))
    rows: list[RuleRow] = field(default_factory=list)
    info: list[InfoRow] = field(default_factory=list)
    priorities: list[Priority] = field(default_factory=list)
    penalty_terms: list[tuple[float, object]] = field(default_factory=list)
    # objective units per unit of a variable the objective rewards besides its own measure (a
    # weighted "deep counties first"): added in impact mode, subtracted in formula mode
    bonus_terms: list[tuple[float, object]] = field(default_factory=list)
    _pending: dict[str, list[RuleRow]] = field(default_factory=lambda: defaultdict(list))
    impossible: list[RuleRow] = field(default_factory=list)  # hard rows no plan can meet
    # `rows` grouped by family, with the list they were grouped from (optimiser.model.update)
    by_family: tuple[list, dict[str, list]] | None = field(default=None, repr=False)
    elastic: bool = False  # every rule may be relaxed at a cost of 1 per unit (diagnosis)
    elastic_only: set | None = None  # with elastic: only these (rule id, instance) may give
    # re-deriving a variant's rows on a held model (optimiser.model.update): its variables are
    # reused and no component may be added to it
    rederiving: bool = False
    _x_index: dict = field(default_factory=dict)
    _projects: dict = field(default_factory=dict)
    _starts: dict | None = None
    _county_of: dict = field(default_factory=dict)  # variable component -> index -> county
    # money a project start is paid besides its cost profile (R-PREPAY's advances): per start
    # (project, year), its variable and the coefficient of that variable in each year's payment
    advances: dict[tuple[str, int], tuple[object, dict[int, float]]] = field(default_factory=dict)
    advance_room: dict[tuple[str, int], float] = field(default_factory=dict)  # 万元 per whole start

    def __post_init__(self) -> None:
        self._projects = {p.id: p for p in self.inputs.data.projects}

    # ---- variables ---------------------------------------------------------------------------
    def add_variables(self, arcs: list[tuple[str, str, str]]) -> None:
        m, inp = self.model, self.inputs
        m.X_INDEX = pyo.Set(
            initialize=[(s, c, k, y) for (s, c, k) in arcs for y in inp.years],
            dimen=4,
            ordered=True,
        )
        m.x = pyo.Var(m.X_INDEX, within=pyo.NonNegativeReals)
        m.U_INDEX = pyo.Set(
            initialize=[(c, k, y) for (c, k) in inp.needs for y in inp.years], dimen=3, ordered=True
        )
        m.u = pyo.Var(m.U_INDEX, within=pyo.NonNegativeReals)
        projects = inp.data.projects
        divisible = {p.id for p in projects if p.is_divisible}
        m.Z_INDEX = pyo.Set(
            initialize=[(s.project, s.year) for s in inp.project_starts], dimen=2, ordered=True
        )
        m.z = pyo.Var(m.Z_INDEX, within=pyo.Binary)
        for p, y in m.Z_INDEX:
            if p in divisible:
                m.z[p, y].domain = pyo.UnitInterval
        starts: dict[str, list] = defaultdict(list)
        for p, y in m.Z_INDEX:
            starts[p].append(m.z[p, y])
        # A project starts at most once. One with a single possible start needs no row (its
        # variable is at most 1 already); an indivisible one with several: sum_y z <= 1. A
        # divisible one could satisfy that sum in halves of two years, so each of its possible
        # starts gets a binary `z_start` with z <= z_start and sum_y z_start <= 1.
        several = [p for p, zs in starts.items() if len(zs) > 1]
        whole = [p for p in several if p not in divisible]
        m.project_once = pyo.Constraint(whole, rule=lambda _m, p: linear(starts[p]) <= 1)
        split = [(p, y) for p, y in m.Z_INDEX if p in divisible and len(starts[p]) > 1]
        m.z_start = pyo.Var(split, within=pyo.Binary)
        m.project_start = pyo.Constraint(
            split, rule=lambda _m, p, y: linear([m.z[p, y], m.z_start[p, y]], [1.0, -1.0]) <= 0
        )
        start_years: dict[str, list] = defaultdict(list)
        for p, y in split:
            start_years[p].append(m.z_start[p, y])
        m.project_start_once = pyo.Constraint(
            sorted(start_years), rule=lambda _m, p: linear(start_years[p]) <= 1
        )
        self.counties_by("x", lambda index: index[1])
        self.counties_by("u", lambda index: index[0])
        self.counties_by("z", self.project_county)
        self.counties_by("z_start", self.project_county)
        self.index_money()

    def index_money(self) -> None:
        """The money arcs by year, year and county, year and source, for `money()`: the same
        arcs as X_INDEX, from the plain lists it was made of (iterating the Pyomo set is slower)."""
        by: dict[tuple, list] = defaultdict(list)
        for arc in self.inputs.arcs:
            s, c, _k = arc
            for y in self.inputs.years:
                by[("y", y)].append(arc)
                by[("yc", y, c)].append(arc)
                by[("ys", y, s)].append(arc)
        self._x_index = by

    # ---- expressions -------------------------------------------------------------------------
    def money_terms(
        self,
        year: int,
        sources: Iterable[str] | None = None,
        counties: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
    ) -> list:
        """The x variables of the arcs of `year` matching the filters (None = all)."""
        sources = None if sources is None else set(sources)
        counties = None if counties is None else set(counties)
        categories = None if categories is None else set(categories)
        x = self.model.x
        index = self._x_index
        # scan the shortest list of candidate arcs: the given counties', sources' or the year's
        lists = [[index.get(("y", year), [])]]
        if counties is not None:
            lists.append([index.get(("yc", year, c), []) for c in sorted(counties)])
        if sources is not None:
            lists.append([index.get(("ys", year, s), []) for s in sorted(sources)])
        arcs = [a for part in min(lists, key=lambda ls: sum(map(len, ls))) for a in part]
        terms = [
            x[s, c, k, year]
            for (s, c, k) in arcs
            if (sources is None or s in sources)
            and (counties is None or c in counties)
            and (categories is None or k in categories)
        ]
        return terms

    def money(
        self,
        year: int,
        sources: Iterable[str] | None = None,
        counties: Iterable[str] | None = None,
        categories: Iterable[str] | None = None,
    ) -> LinearExpression | float:
        """Sum of x over the arcs of `year` matching the filters (None = all)."""
        return linear(self.money_terms(year, sources, counties, categories))

    def units(self, county: str, category: str, years: Iterable[int]) -> list:
        """(variable, units per unit of variable) for the units of (county, category) started in
        `years`: category units and the units of that county's projects of the category."""
        m, inp = self.model, self.inputs
        years = set(years)
        terms = [
            (m.u[county, category, y], 1.0)
            for y in inp.years
            if y in years and (county, category) in inp.needs
        ]
        for start in self.starts_of(county, category):
            project = self.project(start.project)
            if start.year in years and project.units > 0:
                terms.append((m.z[start.project, start.year], project.units))
        return terms

    def starts_of(self, county: str, category: str) -> list:
        """The project starts of (county, category), indexed once: looked up for every need."""
        if self._starts is None:
            self._starts = defaultdict(list)
            for start in self.inputs.project_starts:
                project = self.project(start.project)
                self._starts[(project.county_code, project.category)].append(start)
        return self._starts.get((county, category), [])

    def project(self, project_id: str):
        return self._projects[project_id]

    def share_indexes(self, other: ModelBuilder) -> None:
        """Use `other`'s money and project-start indexes: a re-derivation on the same arcs."""
        self._x_index, self._starts = other._x_index, other._starts

    def county_of_var(self, var) -> str | None:
        """The county a variable belongs to, or None (a shortfall of a rule, ...): how the model
        falls apart county by county. Whoever makes a variable says how (`counties_by`)."""
        of = self._county_of.get(var.parent_component().local_name)
        return None if of is None else of(var.index())

    def counties_by(self, component: str, county_of) -> None:
        """Declare that the variables of `component` belong to the county `county_of(index)`."""
        self._county_of[component] = county_of

    def project_county(self, index: tuple) -> str:
        """The county of a variable indexed by (project, ...)."""
        return self._projects[index[0]].county_code

    # ---- rows --------------------------------------------------------------------------------
    def add(
        self,
        family: RuleFamily,
        params: RuleParams,
        instance: str,
        body,
        sense: Sense,
        rhs: float,
        show: tuple | None = None,
    ) -> None:
        """Add one instance of a rule: `body sense rhs`, soft if the rule is soft. `show` gives
        the two sides in the rule's own terms when `body` is a rearrangement of them."""
        penalty = params.penalty if params.status == "soft" else None
        if (
            self.elastic
            and family.id not in INELASTIC
            and (self.elastic_only is None or (family.id, instance) in self.elastic_only)
        ):
            penalty = 1.0  # the diagnosis: every limit may give, each unit counted once
        self._pending[family.id].append(
            RuleRow(family.id, instance, sense, float(rhs), body, penalty, show=show)
        )

    def _constant(self, row: RuleRow) -> bool:
        """A hard row with no variables holds or fails by itself: drop it, remembering a failure."""
        if row.penalty is not None or not isinstance(row.body, int | float):
            return False
        if not self._holds(row.body, row.sense, row.rhs):
            self.impossible.append(row)
        return True

    def find_impossible(self) -> None:
        """After the compiler found a row whose terms cancel out and which fails: name it (and any
        other such row) among the impossible ones."""
        from pyomo.repn import generate_standard_repn

        for row in self.rows:
            if row.shortfall is not None:
                continue
            repn = generate_standard_repn(row.body, compute_values=True)
            if any(c != 0 for c in repn.linear_coefs):
                continue
            constant = float(repn.constant)
            if not self._holds(constant, row.sense, row.rhs):
                self.impossible.append(
                    RuleRow(row.rule_id, row.instance, row.sense, row.rhs, constant)
                )

    @staticmethod
    def _holds(value: float, sense: str, rhs: float) -> bool:
        gap = value - rhs
        return {">=": gap >= -1e-9, "<=": gap <= 1e-9, "==": abs(gap) <= 1e-9}[sense]

    def note(self, family: RuleFamily, instance: str, status: str, lhs: float, rhs: float) -> None:
        self.info.append(InfoRow(family.id, instance, status, lhs, rhs))

    def prioritise(self, family: RuleFamily, instance: str, expr, tolerance: float) -> None:
        self.priorities.append(Priority(family.id, instance, expr, tolerance))

    def finish_rows(self) -> None:
        """Create one indexed Constraint per family (and one shortfall Var when soft)."""
        m = self.model
        for rule_id, rows in self._pending.items():
            rows = [r for r in rows if not self._constant(r)]
            if not rows:
                continue
            name = component_name(rule_id)
            labels = [r.instance for r in rows]
            if len(set(labels)) != len(labels):
                raise ValueError(f"{rule_id}: duplicate instance labels")
            soft = [r for r in rows if r.penalty is not None]
            if soft:
                var = pyo.Var([r.instance for r in soft], within=pyo.NonNegativeReals)
                m.add_component(f"{name}_shortfall", var)
                for r in soft:
                    r.shortfall = var[r.instance]
                    self.penalty_terms.append((r.penalty, r.shortfall))
            by_label = {r.instance: r for r in rows}

            def rule(_m, label, by_label=by_label):
                row = by_label[label]
                body = row.body
                if row.shortfall is not None:
                    body = body + row.shortfall if row.sense == ">=" else body - row.shortfall
                if row.sense == ">=":
                    return body >= row.rhs
                if row.sense == "<=":
                    return body <= row.rhs
                return body == row.rhs

            m.add_component(name, pyo.Constraint(labels, rule=rule))
            component = m.component(name)
            for r in rows:
                r.constraint = component[r.instance]
            self.rows += rows
        self._pending.clear()


# Rows that state what the variables mean rather than a limit: never relaxed in a diagnosis.
INELASTIC = {"R-PAYMENT", "R-PROJECT", "R-PREPAY"}


def build(
    inputs: RunInputs, elastic: bool = False, elastic_only: set | None = None
) -> ModelBuilder:
    """The whole model: variables on the arcs the families allow, every family's rows, objective.

    `elastic`: every limit may give (a shortfall variable at cost 1 per unit) and the objective
    is the total shortfall: the smallest relaxation that makes a plan possible."""
    from optimiser.model.objective import add_objective
    from optimiser.rules import FAMILIES

    rules = inputs.data.policy.rules
    builder = ModelBuilder(inputs, elastic=elastic, elastic_only=elastic_only)
    for family in FAMILIES:
        if rules[family.id].on:
            family.adjust(builder, rules[family.id])
    builder.add_variables(inputs.arcs)
    for family in FAMILIES:
        params = rules[family.id]
        if params.on:
            family.define(builder, params)
    builder.finish_rows()
    if elastic:
        builder.priorities.clear()  # the diagnosis asks only what must give
    add_objective(builder)
    return builder
