"""Counts, score and survivors, as text for people and JSON for tools; and the list of mutants
judged equivalent, which are left out of the score rather than left to look like gaps."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from mutation.operators import Mutant
from mutation.runner import Result, ToolError

TARGET = 0.90
STATUSES = ("killed", "timeout", "survived", "equivalent")


def load_equivalents(path: Path) -> dict[str, str]:
    """`id reason...` per line; `#` starts a comment line. A reason is required."""
    found: dict[str, str] = {}
    if not path.exists():
        return found
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, _, reason = line.partition(" ")
        if not reason.strip():
            raise ToolError(f"{path}:{n}: give the reason after the id")
        found[key] = reason.strip()
    return found


def score(counts: Counter) -> float | None:
    scored = counts["killed"] + counts["timeout"] + counts["survived"]
    return (counts["killed"] + counts["timeout"]) / scored if scored else None


def summarise(mutants: list[Mutant], status: dict[str, str]) -> dict[str, Counter]:
    """Counts per file and overall ('*')."""
    table: dict[str, Counter] = {}
    for m in mutants:
        table.setdefault(m.file, Counter())[status[m.id]] += 1
    table["*"] = sum(table.values(), Counter())
    return table


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


def render(
    mutants: list[Mutant],
    status: dict[str, str],
    results: dict[str, Result],
    equivalents: dict[str, str],
    header: list[str],
) -> str:
    table = summarise(mutants, status)
    width = max(len(f) for f in [*table, "overall"])
    lines = [*header, ""]
    lines.append(f"{'file':<{width}}  mutants  " + "  ".join(STATUSES) + "  score")
    for file, counts in table.items():
        name = "overall" if file == "*" else file
        cells = "  ".join(f"{counts[s]:>{len(s)}}" for s in STATUSES)
        lines.append(f"{name:<{width}}  {counts.total():>7}  {cells}  {_pct(score(counts))}")
    overall = score(table["*"])
    met = overall is not None and overall >= TARGET
    lines += ["", f"Target {TARGET:.0%}: {'met' if met else 'NOT met'} ({_pct(overall)})"]
    survivors = [m for m in mutants if status[m.id] == "survived"]
    lines += ["", f"Survivors ({len(survivors)}):"]
    for m in survivors:
        lines.append(f"{m.file}:{m.line}  {m.operator}  [{m.id}]")
        lines += _diff(m)
    equivalent = [m for m in mutants if status[m.id] == "equivalent"]
    if equivalent:
        lines += ["", f"Equivalent, not scored ({len(equivalent)}):"]
        lines += [f"{m.id}  {equivalents[m.id]}" for m in equivalent]
    return "\n".join(lines) + "\n"


def _diff(m: Mutant, most: int = 4) -> list[str]:
    def show(sign: str, text: str) -> list[str]:
        rows = [r for r in text.splitlines() if r.strip()] or [""]
        more = [f"    {sign} ..."] if len(rows) > most else []
        return [f"    {sign} {r.strip()}" for r in rows[:most]] + more

    return show("-", m.original) + show("+", m.mutated)


def to_json(
    mutants: list[Mutant],
    status: dict[str, str],
    results: dict[str, Result],
    equivalents: dict[str, str],
    config: dict,
) -> str:
    table = summarise(mutants, status)
    overall = score(table["*"])
    files = {
        f: {**{s: c[s] for s in STATUSES}, "mutants": c.total(), "score": score(c)}
        for f, c in table.items()
        if f != "*"
    }
    rows = []
    for m in mutants:
        r = results.get(m.id)
        rows.append(
            {
                "id": m.id,
                "file": m.file,
                "line": m.line,
                "col": m.col,
                "operator": m.operator,
                "original": m.original,
                "mutated": m.mutated,
                "status": status[m.id],
                "seconds": None if r is None else round(r.seconds, 2),
                "returncode": None if r is None else r.returncode,
                "detail": equivalents.get(m.id) if r is None else r.detail,
            }
        )
    data = {
        "config": config,
        "files": files,
        "overall": {**{s: table["*"][s] for s in STATUSES}, "score": overall},
        "target": TARGET,
        "target_met": overall is not None and overall >= TARGET,
        "mutants": rows,
    }
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"
