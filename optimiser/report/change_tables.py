"""Money that moves between two plans, county by county, as a table whose rows add up: the
largest gains and losses (deep counties marked), the rest in one row, and the total; for the
what-if report and `allocate compare`."""

from __future__ import annotations

from optimiser.report.numbers import wan_of
from optimiser.report.plan_facts import CountyMoney
from optimiser.report.text import table
from optimiser.report.words import COMMON, Words

CHANGES = Words(
    "change tables",
    {
        "others": {"zh": "其他 {n} 个县", "en": "Others ({n} counties)"},
    },
)


def county_changes(
    before: list[CountyMoney], after: list[CountyMoney], lang: str
) -> list[tuple[str, int, int, int]]:
    """(name, before, after, change) in fen per county of either plan (optimiser.report.
    plan_facts), deep counties marked."""
    mark = "＊" if lang == "zh" else "*"
    old = {c.code: c for c in before}
    new = {c.code: c for c in after}
    rows = []
    for code in dict.fromkeys([*new, *old]):
        county = new.get(code) or old[code]
        a = old[code].total if code in old else 0
        b = new[code].total if code in new else 0
        rows.append((county.name + (mark if county.deep else ""), a, b, b - a))
    return rows


def change_table(
    rows: list[tuple[str, int, int, int]], headers: list[str], lang: str, limit: int
) -> list[str]:
    """The `limit` largest gains and the `limit` largest losses, the rest in one row, and the
    total: the printed rows add up to it."""
    gains = sorted((r for r in rows if r[3] > 0), key=lambda r: -r[3])
    losses = sorted((r for r in rows if r[3] < 0), key=lambda r: r[3])
    shown = gains[:limit] + losses[:limit]
    rest = [r for r in rows if r not in shown]
    body = [[name, wan_of(a), wan_of(b), wan_of(c, signed=True)] for name, a, b, c in shown]
    if rest:
        body.append(
            [
                CHANGES.say("others", lang, n=len(rest)),
                wan_of(sum(r[1] for r in rest)),
                wan_of(sum(r[2] for r in rest)),
                wan_of(sum(r[3] for r in rest), signed=True),
            ]
        )
    body.append(
        [
            COMMON.say("total", lang),
            wan_of(sum(r[1] for r in rows)),
            wan_of(sum(r[2] for r in rows)),
            wan_of(sum(r[3] for r in rows), signed=True),
        ]
    )
    return table(headers, body, {1, 2, 3}, rule=False).split("\n")
