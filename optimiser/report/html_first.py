"""The first printed page of report.html: the decision. The money allocated against the budget,
the people reached, the deep counties' share of the special funds against the earmark's, the
chart of money by county, and the policy rules that matter, each as a sentence with the clause
it rests on, as many as the page holds; a run without a plan shows the rules that conflict."""

from __future__ import annotations

import math

from optimiser.report.html_chart import Bar, bar_chart, colours, legend
from optimiser.report.html_clauses import citation, main_document
from optimiser.report.html_context import Page
from optimiser.report.html_details import diagnosis
from optimiser.report.html_parts import e
from optimiser.report.numbers import percent, wan_of, whole
from optimiser.report.numbers import share as share_of
from optimiser.report.rule_sentences import rule_sentence

FIRST_PAGE_RULES = 8  # at most these rules (a sentence each) on the first page; the rest counted


MIN_FIRST_PAGE_RULES = 5  # at least these, where so many bind


FIRST_PAGE_LINES = 17  # lines of A4 print the rules have on the first page, roughly


LINE = 51  # CJK characters in a printed line (10pt on A4 less 12 mm margins)


CITY_CHART = 80  # more counties than this: the first page's chart is by city


def first_page_plan(page: Page) -> str:
    return "".join([tiles(page), chart(page), top_rules(page)])


def first_page_no_plan(page: Page) -> str:
    parts = [f"<p>{e(page.w('no_plan'))}</p>"]
    conflict = (page.view.explanation or {}).get("diagnosis")
    if conflict:
        parts.append(f"<h2>{e(page.w('conflict_head'))}</h2>{diagnosis(page, conflict)}")
    return "".join(parts)


def tiles(page: Page) -> str:
    facts = page.facts
    budget = facts.budget
    tiles = [
        (
            page.w("tile_money"),
            f"{wan_of(facts.allocated)} <small>万元</small>",
            page.w(
                "tile_money_of",
                budget=wan_of(budget),
                share=percent(facts.allocated / budget) if budget else "-",
            ),
            "",
        )
    ]
    if facts.people is not None:
        tiles.append(
            (
                page.w("tile_people"),
                f"{whole(facts.people)} <small>{e(page.w('people_unit'))}</small>",
                page.w("tile_people_more"),
                "",
            )
        )
    share = facts.deep_share
    if share is not None:
        more = page.w("deep_of", deep=wan_of(facts.deep_special), total=wan_of(facts.special))
        required = facts.earmark_share
        verdict = ""
        if required is not None:
            met = share + 1e-9 >= required
            key = "earmark_met" if met else "earmark_short"
            verdict = f'<div class="more {"ok" if met else "bad"}">'
            verdict += f"{e(page.w(key, share=percent(required)))}</div>"
        tiles.append((page.w("tile_deep"), share_of(share, 1), more, verdict))
    return (
        '<div class="tiles">'
        + "".join(
            f'<div class="tile"><div class="label">{e(label)}</div>'
            f'<div class="value">{value}</div><div class="more">{e(more)}</div>{extra}</div>'
            for label, value, more, extra in tiles
        )
        + "</div>"
    )


def chart(page: Page) -> str:
    sources = page.facts.used_sources()
    colour = colours(sources)
    names = {code: page.names.source(code, page.lang) for code in sources}
    counties = page.facts.counties
    by_city = len(counties) > CITY_CHART
    if by_city:
        cities: dict[str, dict[str, int]] = {}
        for county in counties:
            into = cities.setdefault(page.city_name(county), {})
            for source, value in county.by_source.items():
                into[source] = into.get(source, 0) + value
        bars = [
            Bar(city, False, [(s, row.get(s, 0) / 100) for s in sources], city)
            for city, row in cities.items()
        ]
    else:
        bars = [
            Bar(
                county.name,
                county.deep,
                [(s, county.by_source.get(s, 0) / 100) for s in sources],
                county.name,
            )
            for county in counties
        ]
    heading = page.w("chart_city" if by_city else "chart")
    note = "" if by_city else f"<figcaption>{e(page.w('chart_note'))}</figcaption>"
    return (
        f'<h2>{e(heading)}</h2><figure class="chart">'
        f"{bar_chart(bars, colour, names, heading)}{legend(colour, names)}{note}</figure>"
    )


def top_rules(page: Page) -> str:
    """The policy rules that matter (optimiser.report.binding_rules), as many as the first
    page holds, each its most valuable instance; the rest, and the rules at their limit
    worth nothing, counted."""
    head = f"<h2>{e(page.w('rules_head'))}</h2>"
    groups, idle = page.rules.matter, page.rules.idle
    if not groups and not idle:
        return head + f"<p>{e(page.w('rules_none'))}</p>"
    main = main_document(page, groups[:FIRST_PAGE_RULES])
    items: list[str] = []
    room = first_page_room(page) - (1 if len(groups) > MIN_FIRST_PAGE_RULES else 0)
    for group in groups[:FIRST_PAGE_RULES]:
        n = len(group.counted)
        count = page.w("rules_count", n=n) if n > 1 else ""
        colon = "：" if page.lang == "zh" else ": "
        sentence = rule_sentence(group.best, page.names, page.lang, page.objunit, False)
        # an English quote is a translation, and long: the details quote it
        cite = citation(page, group.best, omit=main, quote_limit=80 if page.lang == "zh" else 0)
        title = page.rule_title(group.rule_id)
        room -= math.ceil(_lines(title + count + colon + sentence) + _lines(cite, 0.8))
        if len(items) >= MIN_FIRST_PAGE_RULES and room < 0:
            break
        text = e(sentence) + (f' <span class="cite">{e(cite)}</span>' if cite else "")
        items.append(f"<li><b>{e(title)}</b>{e(count)}{colon}{text}</li>")
    source = f'<p class="cite">{e(page.w("rules_source", doc=main))}</p>' if main else ""
    notes = []
    rest = groups[len(items) :]
    if rest:
        n = sum(len(g.counted) for g in rest)
        notes.append(page.w("rules_more", rules=len(rest), n=n))
    if idle:
        n = sum(len(g.idle) for g in idle)
        notes.append(page.w("rules_idle", rules=len(idle), n=n))
    more = "".join(f'<p class="more-note">{e(note)}</p>' for note in notes)
    listed = '<ol class="rules">' + "".join(items) + "</ol>" if items else ""
    return head + source + listed + more


def first_page_room(page: Page) -> float:
    """Lines of print left for the rules on the first page, roughly: what a usual page has
    less what a longer data warning or the audit's findings take."""
    room = FIRST_PAGE_LINES
    warning = (page.s.get("data_warning") or {}).get(page.lang, "")
    room -= max(0, _lines(warning) - 2)
    if page.s.get("status") == "audit-failed":
        room -= 4 + sum(_lines(f) for f in page.audit_findings())
    return room


def _lines(text: str, size: float = 1.0) -> float:
    """Printed lines a text takes on the first page, roughly: a CJK character is one em, other
    characters about half of one; `size` is the font's size against the body text."""
    ems = sum(1.0 if ord(ch) >= 0x2E80 else 0.6 for ch in text) * size
    return math.ceil(ems / LINE * 4) / 4 if text else 0.0
