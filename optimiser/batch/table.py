"""What `allocate batch FILE` prints: one line per plan — dataset, years, scenario, status,
people reached, the deep counties' share, money allocated — in the batch's order, names not
codes, the data warning of each dataset that rests on estimates first."""

from __future__ import annotations

from optimiser.batch.words import W
from optimiser.dataset import Dataset
from optimiser.report.numbers import money_or_dash, number, people, share
from optimiser.report.text import table, warning_lines
from optimiser.report.words import status_words


def render_batch(rows: list[dict], datasets: dict[str, Dataset], lang: str) -> str:
    from optimiser.report.run_files import data_warning

    by_name = {d.name: d for d in datasets.values()}
    lines: list[str] = []
    for data in by_name.values():
        title = data.policy.dataset.title
        for line in warning_lines(data_warning(data), lang):
            lines.append(line + (f"（{title}）" if lang == "zh" else f" ({title})"))
    lines.append(W("batch.title", lang, runs=len(rows), datasets=len(by_name)))
    keys = ("dataset", "years", "scenario", "status", "people", "deep", "money")
    cells = []
    for row in rows:
        data = by_name.get(row.get("dataset") or "")
        status = row.get("status") or ""
        said = (
            W(f"status.{status}", lang)
            if status in ("failed", "bad-input")
            else status_words(status, lang, short=True)
        )
        scenario = row.get("scenario") or ""
        cells.append(
            [
                data.policy.dataset.title if data is not None else scenario,
                str(row.get("years") or ""),
                W("base", lang) if scenario == "base" else scenario,
                said,
                people(number(row.get("people_reached"))),
                share(number(row.get("deep_share"))),
                money_or_dash(row.get("money_wan")),
            ]
        )
    lines.append(table([W(f"col.{k}", lang) for k in keys], cells, {4, 5, 6}))
    return "\n".join(lines)
