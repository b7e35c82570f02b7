"""import-report.txt and import-report.html: sheet by sheet, what each was read as, the rows and
columns taken, those dropped, each conversion made and the questions to decide; then where each
table of the dataset came from and the dataset's check. Chinese by default, English with --lang en.
The terminal gets a short form (`render_terminal`)."""

from __future__ import annotations

import html
from itertools import groupby

from optimiser.importing.findings import Finding, SheetReport
from optimiser.importing.words import WORDS, table_words

SECTIONS = ("read", "taken", "dropped", "converted", "question")


def say(finding: Finding, lang: str) -> str:
    """One finding as a sentence, its cells first."""
    fields = dict(finding.fields)
    if "table" in fields and fields["table"] in _TABLES:
        fields["table"] = table_words(fields["table"], lang)
    if "how" in fields:
        fields["how"] = WORDS.say(f"how.{fields['how']}", lang)
    if "why" in fields:
        fields["why"] = WORDS.say(f"why.{fields['why']}", lang)
    text = WORDS.say(finding.key, lang, **fields)
    if finding.cells:
        return WORDS.say("cell_prefix", lang, cells=finding.cells) + text
    return text


def _head(result, lang: str) -> str:
    books = len(result.books)
    if result.written:
        return WORDS.say("head.written", lang, books=books, folder=result.folder)
    if result.questions:
        return WORDS.say(
            "head.stopped", lang, books=books, count=len(result.questions), folder=result.folder
        )
    return WORDS.say(
        "head.invalid", lang, books=books, count=len(result.check_errors), folder=result.folder
    )


def _by_book(result) -> list[tuple[str, list[SheetReport]]]:
    return [(book, list(group)) for book, group in groupby(result.sheets, key=lambda s: s.book)]


def dataset_lines(result, lang: str) -> list[str]:
    lines = []
    for table, rows in result.tables.items():
        key = "dataset.same_as_base" if result.kept.get(table) else "dataset.imported"
        lines.append(WORDS.say(key, lang, table=table_words(table, lang), rows=len(rows)))
    if result.base is not None:
        for table in result.from_base:
            lines.append(
                WORDS.say(
                    "dataset.from_base", lang, table=table_words(table, lang), base=result.base
                )
            )
        lines.append(
            WORDS.say("dataset.file_from_base", lang, file="policy.yaml", base=result.base)
        )
    else:
        lines.append(WORDS.say("dataset.no_base", lang))
    written = result.written and (result.folder / "provenance.yaml").exists()
    if written and any(not result.kept.get(t) for t in result.tables):
        lines.append(WORDS.say("dataset.provenance", lang))
    return lines


def check_lines(result, lang: str) -> list[str]:
    if not result.check:
        return [WORDS.say("check.none", lang)]
    lines = []
    for item in sorted(result.check, key=lambda c: c.problem.severity != "error"):
        key = "check.error" if item.problem.severity == "error" else "check.warning"
        lines.append(WORDS.say(key, lang, **_check(item, lang)))
    return lines


def _check(item, lang: str) -> dict[str, str]:
    """A problem of the dataset's check in `lang`: at its workbook cell where it has one
    (the value and what was expected), else where the dataset says it is."""
    from optimiser.report.problem_words import problem_words, value_expected_words, where_words

    if not item.cell:
        return {"where": "", "text": problem_words(item.problem, lang)}
    where = WORDS.say("check.at", lang, cell=item.cell, file=where_words(item.problem, lang))
    return {"where": where, "text": value_expected_words(item.problem, lang)}


def render_text(result, lang: str) -> str:
    lines = [WORDS.say("title", lang), _head(result, lang), ""]
    for book, sheets in _by_book(result):
        lines.append(WORDS.say("book", lang, book=book))
        for sheet in sheets:
            indent = "  "
            if sheet.sheet:
                lines.append("  " + WORDS.say("sheet", lang, sheet=sheet.sheet))
                indent = "    "
            for section in SECTIONS:
                found = [f for f in sheet.findings if f.section == section]
                if not found:
                    continue
                lines.append(indent + WORDS.say(f"section.{section}", lang) + _colon(lang))
                lines += [f"{indent}  - {say(f, lang)}" for f in found]
        lines.append("")
    if result.questions:
        if result.base is None:
            lines.append(WORDS.say("dataset.no_base", lang))
        return "\n".join(lines).rstrip() + "\n"
    lines.append(WORDS.say("section.dataset", lang))
    lines += [f"  - {line}" for line in dataset_lines(result, lang)]
    lines.append("")
    lines.append(WORDS.say("section.check", lang))
    lines += [f"  - {line}" for line in check_lines(result, lang)]
    return "\n".join(lines).rstrip() + "\n"


def _colon(lang: str) -> str:
    return "：" if lang == "zh" else ":"


STYLE = """
body{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;max-width:60em;margin:1.5em auto;
padding:0 1em;line-height:1.5;color:#222}
h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em;border-bottom:1px solid #ccc}
h3{font-size:1.05em;margin-bottom:.2em}h4{font-size:.95em;margin:.6em 0 .1em;color:#444}
ul{margin:.1em 0 .4em}li{margin:.1em 0}.cells{font-family:monospace;color:#555}
.question{color:#a00;font-weight:bold}.head{font-size:1.05em;padding:.5em;background:#f4f4f4}
.stopped{background:#fde8e8}
"""


def render_html(result, lang: str) -> str:
    e = html.escape
    stopped = not result.written
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{"zh-CN" if lang == "zh" else "en"}"><head><meta charset="utf-8">',
        f"<title>{e(WORDS.say('title', lang))}</title><style>{STYLE}</style></head><body>",
        f"<h1>{e(WORDS.say('title', lang))}</h1>",
        f'<p class="head{" stopped" if stopped else ""}">{e(_head(result, lang))}</p>',
    ]
    for book, sheets in _by_book(result):
        parts.append(f"<h2>{e(WORDS.say('book', lang, book=book))}</h2>")
        for sheet in sheets:
            if sheet.sheet:
                parts.append(f"<h3>{e(WORDS.say('sheet', lang, sheet=sheet.sheet))}</h3>")
            for section in SECTIONS:
                found = [f for f in sheet.findings if f.section == section]
                if not found:
                    continue
                css = ' class="question"' if section == "question" else ""
                parts.append(f"<h4{css}>{e(WORDS.say(f'section.{section}', lang))}</h4><ul>")
                for finding in found:
                    cells = (
                        f'<span class="cells">{e(finding.cells)}</span>{e(_colon(lang))}'
                        if finding.cells
                        else ""
                    )
                    body = say(Finding(finding.section, finding.key, "", finding.fields), lang)
                    parts.append(f"<li{css}>{cells}{e(body)}</li>")
                parts.append("</ul>")
    if not result.questions:
        parts.append(f"<h2>{e(WORDS.say('section.dataset', lang))}</h2><ul>")
        parts += [f"<li>{e(line)}</li>" for line in dataset_lines(result, lang)]
        parts.append(f"</ul><h2>{e(WORDS.say('section.check', lang))}</h2><ul>")
        parts += [f"<li>{e(line)}</li>" for line in check_lines(result, lang)]
        parts.append("</ul>")
    parts.append("</body></html>")
    return "\n".join(parts) + "\n"


def render_terminal(result, lang: str, txt, page) -> str:
    """What the command prints: a line per sheet, every question with its sheet and cell, the
    dataset's check errors, and where the report is."""
    lines = [_head(result, lang)]
    for sheet in result.sheets:
        if sheet.errors:
            for finding in sheet.errors:
                text = say(Finding(finding.section, finding.key, "", finding.fields), lang)
                lines.append(
                    WORDS.say(
                        "terminal.question",
                        lang,
                        where=sheet.where,
                        cells=finding.cells or "-",
                        text=text,
                    )
                )
            continue
        read = [f for f in sheet.findings if f.section == "read"]
        what = "；".join(say(Finding(f.section, f.key, "", f.fields), lang) for f in read) or "-"
        lines.append("  " + WORDS.say("terminal.sheet", lang, where=sheet.where, what=what))
    if not result.questions:
        errors = [c for c in result.check if c.problem.severity == "error"]
        for item in errors[:20]:
            lines.append("  " + WORDS.say("check.error", lang, **_check(item, lang)))
    if result.written and result.years:
        year = 2018 if 2018 in result.years else result.years[0]
        lines.append(WORDS.say("terminal.next", lang, folder=result.folder, year=year))
    lines.append(WORDS.say("files", lang, txt=txt, html=page))
    return "\n".join(lines)


_TABLES = {
    "counties",
    "indicators",
    "sources",
    "budgets",
    "categories",
    "needs",
    "projects",
    "history",
    "commitments",
    "loans",
}
