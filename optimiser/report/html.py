"""report.html: one self-contained file a department can mail, project and print (inline style
and SVG, nothing fetched, no script needed), in the reader's language.

The first printed page is the decision: the dataset and years, the data warning, the status in
words (an audit-failed plan: what the audit found and 请勿签批), the money allocated against the
budget, the people reached, the deep counties' share of central and provincial special funds
against the share the earmark rule requires, the chart of money by county, and the policy rules
that bind the plan most, said as sentences with the clause they rest on. A run without a plan
shows the rules that conflict instead. Then a page break, and the details, collapsible on screen
and printed open: money by county (cities in the dataset's order, a 合计 that is the sum of the
printed rows) and by source, every binding rule grouped by rule, the unfunded projects, what the
plan is sensitive to, the notes and the technical facts. Every amount is summed from
allocation.csv's amounts, already rounded to 0.01 万元 so that they add up; names, never codes."""

from __future__ import annotations

from datetime import UTC, datetime

from optimiser.report.html_context import Page, clean_note
from optimiser.report.html_details import details
from optimiser.report.html_first import first_page_no_plan, first_page_plan
from optimiser.report.html_parts import e, head, warning_block
from optimiser.report.html_style import PRINT_SCRIPT, STYLE
from optimiser.report.html_words import W
from optimiser.report.numbers import share
from optimiser.report.run_view import RunView
from optimiser.report.words import DEFAULT_LANG, LANGS, join, span, status_words


def render_html(view: RunView, lang: str = DEFAULT_LANG) -> str:
    """The page in `lang` (zh or en), from the run folder alone."""
    return document(Page(view, lang if lang in LANGS else DEFAULT_LANG))


def local_time(iso: str, lang: str) -> str:
    """summary['started'] (ISO, UTC) in the machine's local time, with its zone."""
    try:
        moment = datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return str(iso or "")
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    moment = moment.astimezone()
    minutes = int(moment.utcoffset().total_seconds() // 60)
    hours, rest = divmod(abs(minutes), 60)
    zone = f"UTC{'+' if minutes >= 0 else '-'}{hours:02d}:{rest:02d}"
    name = moment.tzname() or ""
    if minutes == 8 * 60 and name == "CST":  # China's zone, as China calls it
        zone = f"{W('beijing', lang)}, {zone}" if lang == "en" else f"{W('beijing', lang)}，{zone}"
    elif lang == "en" and name and not name.startswith(("UTC", "+", "-")):
        zone = f"{name}, {zone}"
    if lang == "zh":
        return f"{moment.year}年{moment.month}月{moment.day}日 {moment:%H:%M}（{zone}）"
    return f"{moment:%Y-%m-%d %H:%M} ({zone})"


def document(page: Page) -> str:
    """The whole page: the first printed page, then the details and the footer."""
    s = page.s
    title = s.get("dataset_title") or s.get("dataset", "")
    plan = page.w("plan", span=span(s["years"], page.lang))
    made = page.w("made", time=local_time(s.get("started", ""), page.lang))
    return "\n".join(
        [
            head(f"{title} · {plan}", page.lang, STYLE, PRINT_SCRIPT),
            '<section class="first">',
            # the years and the time under the title, inside the heading, so that the data
            # warning comes right after it
            f'<h1>{e(title)}<span class="sub">{e(plan)} · {e(made)}</span></h1>',
            warning_block(s.get("data_warning"), page.lang),
            status(page),
            first_page_plan(page) if page.view.has_plan else first_page_no_plan(page),
            "</section>",
            details(page),
            footer(page),
            "</body></html>",
        ]
    )


def status(page: Page) -> str:
    status = page.s.get("status", "")
    words = status_words(status, page.lang)
    if status == "audit-failed":
        findings = "".join(f"<li>{e(clean_note(f))}</li>" for f in page.audit_findings())
        return (
            '<div class="stop" role="alert">'
            f'<p class="sign">{e(page.w("do_not_sign"))}</p>'
            f'<p class="status bad">{e(page.w("status", status=words))}</p>'
            + (f"<p>{e(page.w('audit_found'))}</p><ul>{findings}</ul>" if findings else "")
            + "</div>"
        )
    good = status in ("optimal", "feasible")
    text = page.w("status", status=words)
    if page.s.get("mip") and page.s.get("gap") and status in ("optimal", "feasible"):
        text += page.w("gap", gap=share(page.s["gap"]))
    extra = ""
    findings = page.audit_findings()
    if findings:  # what the audit noted on a plan it did not fail
        extra = '<ul class="plain">' + "".join(f"<li>{e(clean_note(f))}</li>" for f in findings)
        extra += "</ul>"
    return f'<p class="status {"ok" if good else "bad"}">{e(text)}</p>{extra}'


def footer(page: Page) -> str:
    folder = page.view.folder
    files = page.s.get("files") or sorted(
        p.name for p in folder.iterdir() if not p.name.startswith(".")
    )
    shown = [f for f in files if f != "report.html"]
    text = page.w("folder", name=folder.name, files=join(shown, page.lang))
    return f'<footer><p class="folder">{e(text)}</p></footer>'
