"""The details of report.html, from the second printed page on (collapsible on screen, printed
open): money by county (cities in the dataset's order, city subtotals, a 合计 that is the sum of
the printed rows) and by source, every binding rule grouped by rule, the unfunded projects, the
prices, weights and near limits, the notes and the technical facts."""

from __future__ import annotations

from optimiser.report.binding_rules import RuleGroup
from optimiser.report.explained_sentences import (
    conflict_sentence,
    near_sentence,
    price_sentence,
    weight_sentence,
)
from optimiser.report.html_clauses import citation
from optimiser.report.html_context import Page, clean_note
from optimiser.report.html_parts import e
from optimiser.report.numbers import percent, share, wan, wan_of, whole
from optimiser.report.plan_facts import CountyMoney
from optimiser.report.rule_sentences import rule_sentence
from optimiser.report.unfunded_reasons import reason_text
from optimiser.report.words import COMMON, span

RULE_LINES = 4  # instances shown for each rule in the details; the rest are counted


UNFUNDED_ROWS = 100


def details(page: Page) -> str:
    sections: list[tuple[str, str]] = []
    if page.view.has_plan:
        sections += [
            (page.w("by_county"), county_table(page)),
            (page.w("by_source"), source_table(page)),
        ]
    rules = page.rules
    if rules.policy or rules.stages or rules.structural:
        sections.append((page.w("rules_all"), all_rules(page)))
    expl = page.view.explanation or {}
    if expl.get("unfunded"):
        sections.append((page.w("unfunded"), unfunded(page, page.facts.unfunded)))
    how = explained(page, expl)
    if how:
        sections.append((page.w("explanation"), how))
    notes = [said for _, said in page.view.notes(page.lang)]
    if notes:
        items = "".join(f"<li>{e(clean_note(n))}</li>" for n in notes)
        sections.append((page.w("notes"), f'<ul class="plain">{items}</ul>'))
    sections.append((page.w("technical"), technical(page)))
    out = [f'<section class="details"><h2>{e(page.w("details"))}</h2>']
    out.append(f'<p class="more-note screen">{e(page.w("details_note"))}</p>')
    for i, (heading, body) in enumerate(sections):
        out.append(
            f'<details id="d{i + 1}"><summary>{e(heading)}</summary>'
            f'<div class="body">{body}</div></details>'
        )
    out.append("</section>")
    return "".join(out)


def county_table(page: Page) -> str:
    special_all = page.facts.special
    head = (
        "<thead><tr>"
        f"<th>{e(page.w('col_city'))}</th><th>{e(page.w('col_county'))}</th>"
        f'<th class="n">{e(page.w("col_special"))}</th>'
        f'<th class="n">{e(page.w("col_other"))}</th>'
        f'<th class="n">{e(page.w("col_total"))}</th>'
        f'<th class="n">{e(page.w("col_share"))}</th></tr></thead>'
    )

    def cells(special: int, total: int) -> str:
        said = share(special / special_all) if special_all else "-"
        return (
            f'<td class="n">{wan_of(special)}</td><td class="n">{wan_of(total - special)}</td>'
            f'<td class="n">{wan_of(total)}</td><td class="n">{said}</td>'
        )

    cities: dict[str, list[CountyMoney]] = {}
    for county in page.facts.counties:
        cities.setdefault(page.city_name(county), []).append(county)
    rows: list[str] = []
    for city, counties in cities.items():
        for i, county in enumerate(counties):
            deep = " deep" if county.deep else ""
            rows.append(
                f'<tr class="county{deep}"><td class="city">{e(city) if i == 0 else ""}</td>'
                f'<td class="county">{"★" if county.deep else ""}{e(county.name)}</td>'
                f"{cells(county.special, county.total)}</tr>"
            )
        if len(cities) > 1 and len(counties) > 1:
            subtotal = page.w("subtotal", city=city)
            special = sum(c.special for c in counties)
            rows.append(
                f'<tr class="subtotal"><td colspan="2">{e(subtotal)}</td>'
                f"{cells(special, sum(c.total for c in counties))}</tr>"
            )
    total = sum(c.total for c in page.facts.counties)
    rows.append(
        f'<tr class="total"><td colspan="2">{e(COMMON.say("total", page.lang))}</td>'
        f"{cells(special_all, total)}</tr>"
    )
    return (
        f'<p class="more-note">{e(page.w("county_note"))} {e(summed(page))}</p>'
        f'<table class="counties">{head}<tbody>{"".join(rows)}</tbody></table>'
    )


def summed(page: Page) -> str:
    years = page.s["years"]
    return page.w("summed", span=span(years, page.lang)) if len(years) > 1 else ""


def source_table(page: Page) -> str:
    head = (
        f"<thead><tr><th>{e(page.w('col_source'))}</th>"
        f'<th class="n">{e(page.w("col_budget"))}</th>'
        f'<th class="n">{e(page.w("col_allocated"))}</th>'
        f'<th class="n">{e(page.w("col_used"))}</th></tr></thead>'
    )
    rows = [
        f'<tr class="source"><td>{e(page.names.source(r.code, page.lang))}</td>'
        f'<td class="n">{wan_of(r.budget)}</td><td class="n">{wan_of(r.allocated)}</td>'
        f'<td class="n">{percent(r.allocated / r.budget) if r.budget else "-"}</td></tr>'
        for r in page.facts.sources
    ]
    budget, allocated = page.facts.budget, page.facts.allocated
    rows.append(
        f'<tr class="total"><td>{e(COMMON.say("total", page.lang))}</td>'
        f'<td class="n">{wan_of(budget)}</td><td class="n">{wan_of(allocated)}</td>'
        f'<td class="n">{percent(allocated / budget) if budget else "-"}</td></tr>'
    )
    note = f'<p class="more-note">{e(summed(page))}</p>' if summed(page) else ""
    return f'{note}<table class="sources">{head}<tbody>{"".join(rows)}</tbody></table>'


def all_rules(page: Page) -> str:
    expl = page.view.explanation or {}
    parts = [f'<p class="more-note">{e(page.w("rules_intro"))}']
    if expl.get("given_projects"):
        parts.append(" " + e(page.w("given")))
    parts.append("</p>")
    rules = page.rules
    if rules.policy or rules.stages:
        parts.append(f"<h3>{e(page.w('policy_head'))}</h3>")
        parts += [rule_group(page, g, cited=True) for g in rules.policy]
        for stage in rules.stages:
            sentence = f"<li>{e(rule_sentence(stage, page.names, page.lang, ''))}</li>"
            parts.append(group_block(page, page.rule_title(stage["rule_id"]), stage, sentence))
    if rules.structural:
        parts.append(f"<h3>{e(page.w('structural_head'))}</h3>")
        parts += [rule_group(page, g, cited=False) for g in rules.structural]
    return "".join(parts)


def rule_group(page: Page, group: RuleGroup, cited: bool) -> str:
    """A rule's instances that count (the most valuable few, the rest counted), and how many
    more are at their limit worth nothing."""
    n = len(group.counted)
    heading = page.rule_title(group.rule_id)
    if n:
        heading = page.w("rule_group", title=heading, n=n)
    shown = group.counted[:RULE_LINES]
    lines = "".join(
        f"<li>{e(rule_sentence(item, page.names, page.lang, page.objunit))}</li>" for item in shown
    )
    notes = []
    if n > len(shown):
        notes.append(page.w("rule_more", n=n - len(shown)))
    if group.idle:
        key = "rule_idle" if n else "rule_zero"
        notes.append(page.w(key, n=len(group.idle)))
    lines += "".join(f'<li class="more-note">{e(note)}</li>' for note in notes)
    first = (group.counted or group.idle)[0]
    return group_block(page, heading, first if cited else None, lines)


def group_block(page: Page, heading: str, cited: dict | None, lines: str) -> str:
    cite = citation(page, cited) if cited else ""
    return (
        f'<div class="rule-group"><p><b>{e(heading)}</b></p>'
        + (f'<p class="cite">{e(cite)}</p>' if cite else "")
        + f'<ul class="plain">{lines}</ul></div>'
    )


def unfunded(page: Page, projects: list[dict]) -> str:
    head = (
        f"<thead><tr><th>{e(page.w('col_project'))}</th>"
        f"<th>{e(page.w('col_county'))}</th>"
        f'<th class="n">{e(page.w("col_cost"))}</th>'
        f'<th class="n">{e(page.w("col_people"))}</th>'
        f"<th>{e(page.w('col_reason'))}</th></tr></thead>"
    )
    rows = []
    for p in projects[:UNFUNDED_ROWS]:
        why = reason_text(p, page.names, page.lang, page.objunit)
        name = p.get("name") or page.names.project(p["project_id"])
        where = page.names.county(p.get("county_code", ""), page.lang)
        rows.append(
            f'<tr><td>{e(name)}</td><td class="county">{e(where)}</td>'
            f'<td class="n">{wan(float(p.get("cost_wan") or 0))}</td>'
            f'<td class="n">{whole(float(p.get("beneficiaries") or 0))}</td>'
            f"<td>{e(why)}</td></tr>"
        )
    more = ""
    if len(projects) > UNFUNDED_ROWS:
        more = page.w("unfunded_more", n=len(projects) - UNFUNDED_ROWS)
        more = f'<p class="more-note">{e(more)}</p>'
    return f'<table class="unfunded">{head}<tbody>{"".join(rows)}</tbody></table>{more}'


def explained(page: Page, expl: dict) -> str:
    """What else the explanation holds, as paragraphs: prices, near limits, weights."""
    names, lang = page.names, page.lang
    parts = []
    if page.view.has_plan and expl.get("diagnosis"):
        parts.append(f"<h3>{e(page.w('conflict_head'))}</h3>{diagnosis(page, expl['diagnosis'])}")
    if expl.get("prices"):
        lines = [price_sentence(p, names, lang, page.objunit) for p in expl["prices"]]
        parts.append(_paragraphs(page.w("prices_head"), lines))
    if expl.get("near"):
        pct = percent(expl.get("near_threshold", 0.01))
        lines = [near_sentence(n, names, lang) for n in expl["near"][:12]]
        parts.append(_paragraphs(page.w("near_head", pct=pct), lines))
    if expl.get("weights"):
        lines = [weight_sentence(item, names, lang, "★") for item in expl["weights"][:8]]
        parts.append(_paragraphs(page.w("weights_head"), lines))
    return "".join(parts)


def diagnosis(page: Page, diag: dict) -> str:
    """The rules that conflict, each with the documents it rests on, and the relaxations."""

    def said(entry: dict, kind: str) -> str:
        text = conflict_sentence(entry, page.names, page.lang, kind)
        cite = citation(page, {"rule_id": entry["rule_id"]}) if kind == "conflict" else ""
        if cite:
            text += f"（{cite}）" if page.lang == "zh" else f" ({cite})"
        return text

    parts = []
    if diag.get("conflict"):
        lines = [said(c, "conflict") for c in diag["conflict"]]
        parts.append(_listed(page.w("conflict_intro"), lines))
    for key, field in (("relax_all", "relaxation"), ("alternatives", "alternatives")):
        if diag.get(field):
            parts.append(_listed(page.w(key), [said(r, "relax") for r in diag[field]]))
    return "".join(parts)


def technical(page: Page) -> str:
    s = page.s
    lines = []
    if s.get("objective") is not None:
        mode = s.get("objective_mode", "impact")
        lines.append(
            page.w(
                "objective_line",
                value=wan(s["objective"]),
                unit=page.objunit,
                mode=COMMON.say(f"mode.{mode}", page.lang),
            )
        )
    counts = s.get("counts", {})
    lines.append(
        page.w(
            "model_line",
            variables=f"{counts.get('variables', 0):,}",
            integers=f"{counts.get('integer_variables', 0):,}",
            constraints=f"{counts.get('constraints', 0):,}",
        )
    )
    seconds = (s.get("timings") or {}).get("solve")
    lines.append(
        page.w(
            "solver_line",
            solver=s.get("solver", "HiGHS"),
            seconds="-" if seconds is None else f"{seconds:.2f}",
        )
    )
    audit = s.get("audit")
    if audit:
        lines.append(
            page.w("audit_line", checked=f"{audit['checked']:,}", broken=f"{audit['broken']:,}")
        )
    version = (s.get("versions") or {}).get("optimiser")
    if version:
        lines.append(page.w("version_line", version=version))
    return '<ul class="plain">' + "".join(f"<li>{e(line)}</li>" for line in lines) + "</ul>"


def _paragraphs(head: str, lines: list[str]) -> str:
    return (
        f'<div class="paragraphs"><p><b>{e(head)}</b></p>'
        + "".join(f"<p>{e(line)}</p>" for line in lines)
        + "</div>"
    )


def _listed(head: str, lines: list[str]) -> str:
    return (
        f'<div class="paragraphs"><p><b>{e(head)}</b></p><ul class="plain">'
        + "".join(f"<li>{e(line)}</li>" for line in lines)
        + "</ul></div>"
    )
