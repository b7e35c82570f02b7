"""R-RELIEF-FUND: a social relief fund is set up once: the province puts in
`provincial_floor_wan` (the stated 1,000 万元) and each city and county at least
`local_floor_wan` (500 万元) of seed money (003-p23: 创新设立社会救助基金，省级投入财政资金1000万元，
市县按照不少于500万元的标准投入引导金). Nothing says every year: by default (`once: true`) what
is paid into the fund over the run, with what was paid before it (history.csv, the fund's
category) and commitments, reaches the amounts once:

    sum_{y in run} sum_{provincial s, c} x[s, c, relief, y] + before >= provincial_floor_wan
    sum_{y in run} sum_{city-level s of m, c in m} x[s, c, relief, y] + before >= local_floor_wan
    sum_{y in run} sum_{county-level s} x[s, c, relief, y] + before >= local_floor_wan

for the province and each city and county with a budget of its own. `once: false` reads the
amounts as yearly floors. A fund already set up before the run needs nothing more (the run says
so). Borrowed from Hebei (003): a Shanxi plan applies it only when its policy says so.
"""

from pydantic import Field

from optimiser.notes import Note
from optimiser.rules.base import RuleFamily, RuleParams, missing


class ReliefFund(RuleFamily):
    id = "R-RELIEF-FUND"
    title_zh = "社会救助基金投入"
    title_en = "Social relief fund floors"
    citations = ("003-p23",)
    dual_unit = "objective units per 万元 of floor"

    class Params(RuleParams):
        category: str = Field("relief_fund", description="the relief-fund category code")
        provincial_floor_wan: float = Field(
            1000.0, ge=0, le=1e9, description="provincial contribution, 万元"
        )
        local_floor_wan: float = Field(
            500.0, ge=0, le=1e9, description="each city's and each county's contribution, 万元"
        )
        once: bool = Field(
            True,
            description="true: the fund is set up once, over the run and the years before it "
            "(the clause); false: the amounts every year",
        )

    def check(self, data, params):
        if params.category not in {c.code for c in data.categories}:
            return [missing("categories.csv", f"the category {params.category!r}", self.id)]
        return []

    def define(self, b, params):
        inp = b.inputs
        relief = [params.category]
        level = {s.code: s.level for s in inp.data.sources}
        provincial = [s for s, lv in level.items() if lv == "provincial"]
        periods = [[y] for y in inp.years] if not params.once else [list(inp.years)]
        scopes: dict[tuple[str, str], tuple] = {}
        for row in inp.budgets:
            if level[row.source] in ("city", "county") and row.scope:
                scopes[(row.scope, row.source)] = row.counties
        for years in periods:
            label = str(years[0]) if not params.once else "set up"
            self._floor(b, params, f"province|{label}", years, provincial, None, relief,
                        params.provincial_floor_wan)  # fmt: skip
            for (scope, source), counties in sorted(scopes.items()):
                if not params.once and not any(
                    r.source == source and r.scope == scope and r.year == years[0]
                    for r in inp.budgets
                ):
                    continue
                self._floor(b, params, f"{scope}|{source}|{label}", years, [source], counties,
                            relief, params.local_floor_wan)  # fmt: skip

    def _floor(self, b, params, instance, years, sources, counties, relief, amount):
        """What `sources` pay into the fund over `years` (in `counties`, None for all), with
        commitments and, when set up once, what history.csv shows paid before, reaches amount."""
        inp = b.inputs
        body = sum(
            (b.money(y, sources=sources, counties=counties, categories=relief) for y in years),
            0.0,
        )
        paid = sum(inp.committed(y, counties, sources, relief) for y in years)
        if params.once:
            paid += sum(
                h.amount_wan
                for h in inp.data.history
                if h.year < inp.years[0]
                and h.category in relief
                and h.source in sources
                and (counties is None or h.county_code in counties)
            )
            if paid >= amount:
                inp.notes.append(
                    Note(
                        "relief_set_up_before", rule=self.id, instance=instance, amount=f"{paid:g}"
                    )
                )
                return
        b.add(self, params, instance, body, ">=", amount - paid, show=(body + paid, amount))
