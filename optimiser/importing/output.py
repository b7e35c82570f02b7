"""The dataset folder an import writes: the tables read from the workbooks as CSV (UTF-8 with a
byte-order mark, the columns of data/README.md), the rest from `--base` as it is, policy.yaml
from `--base`, and provenance.yaml from `--base` with the imported tables' entries replaced.

Provenance of imported figures: `estimate`. The levels of data/README.md that need no entry of
seeds/register.yaml are `estimate` (made here by a stated method), `synthetic` (invented) and
`identifier`; a bureau's workbook figure is neither invented nor a label, and no document at hand
has been checked for it, so it is an `estimate` whose method names the workbook, sheet and cells
it was read from. A table whose rows are exactly those of `--base` (a filled-in template given
back unchanged) keeps the base's entries."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import yaml

from optimiser.importing.columns import KINDS
from optimiser.importing.grid import span
from optimiser.importing.rows import LongRow
from optimiser.provenance import PLAN_TABLES
from optimiser.schemas.rows import TABLES
from optimiser.schemas.tables import columns_of
from optimiser.schemas.types import CODE_RE

LABELS = {"code", "text", "county", "source", "category", "sources", "codes", "year"}


def csv_text(table: str, rows: list[dict[str, str]]) -> str:
    columns, _ = columns_of(TABLES[table])
    out = io.StringIO()
    writer = csv.DictWriter(out, columns, lineterminator="\n", extrasaction="raise")
    writer.writeheader()
    for row in rows:
        writer.writerow({c: row.get(c, "") for c in columns})
    return out.getvalue()


def same_as_base(table: str, rows: list[LongRow], base) -> bool:
    """Whether the rows read are exactly the base's rows of the table (in any order)."""
    if base is None:
        return False
    model = TABLES[table]
    try:
        read = sorted(
            repr(
                sorted(
                    model.model_validate({k: v for k, v in r.cells.items() if v != ""})
                    .model_dump()
                    .items()
                )
            )
            for r in rows
        )
    except ValueError:
        return False
    had = sorted(repr(sorted(row.model_dump().items())) for row in getattr(base, table))
    return read == had


def write_dataset(
    folder: Path,
    tables: dict[str, list[LongRow]],
    base,
    base_folder: Path | None,
    folder_name: str = "",
) -> dict[str, bool]:
    """Writes the dataset into `folder` (a staging folder); returns, for each imported table,
    whether its rows are the base's. `folder_name`: the name of the folder it is imported into,
    which names the dataset (`dataset_name`)."""
    kept: dict[str, bool] = {}
    for table, rows in tables.items():
        (folder / f"{table}.csv").write_text(
            csv_text(table, [r.cells for r in rows]), encoding="utf-8-sig"
        )
        kept[table] = same_as_base(table, rows, base)
    if base is not None and base_folder is not None:
        _copy_base(folder, tables, base, base_folder, folder_name)
    provenance = _provenance(tables, base, kept)
    if provenance is not None:
        (folder / "provenance.yaml").write_text(
            "# Where every figure comes from (data/README.md, provenance.yaml). Written by\n"
            "# `allocate import`: the imported tables' figures are `estimate`, their method names\n"
            "# the workbook, sheet and cells; the other entries are --base's.\n"
            + yaml.safe_dump(provenance, allow_unicode=True, sort_keys=False, width=100),
            encoding="utf-8",
        )
    return kept


def _copy_base(folder: Path, tables: dict, base, base_folder: Path, folder_name: str) -> None:
    files = {p.name.lower(): p for p in base_folder.iterdir() if p.is_file()}
    for table in TABLES:
        if table in tables:
            continue
        source = files.get(f"{table}.csv")
        if source is not None:
            shutil.copyfile(source, folder / f"{table}.csv")
        elif getattr(base, table):  # a workbook dataset: its rows, written as CSV
            rows = [
                {k: _text(v) for k, v in row.model_dump().items()} for row in getattr(base, table)
            ]
            (folder / f"{table}.csv").write_text(csv_text(table, rows), encoding="utf-8-sig")
    policy = files.get("policy.yaml")
    if policy is not None:
        text = policy.read_text(encoding="utf-8")
        (folder / "policy.yaml").write_text(
            _renamed(text, dataset_name(folder_name, base.name)), encoding="utf-8"
        )


def dataset_name(folder_name: str, base_name: str) -> str:
    """The imported dataset's name (its runs' folder under --out): the folder it is written to
    when that is a code, else the base's with `-import`, so its runs never mix with the base's."""
    if CODE_RE.match(folder_name) and folder_name != base_name:
        return folder_name
    return f"{base_name}-import"


def _renamed(policy_text: str, name: str) -> str:
    """policy.yaml's text with `dataset: name:` set to `name`, comments and layout kept."""
    lines = policy_text.splitlines(keepends=True)
    inside = False
    for i, line in enumerate(lines):
        if re.match(r"^dataset:\s*(#.*)?$", line):
            inside = True
            continue
        if inside and line.strip() and not line[0].isspace():
            break  # past the dataset block without a name: the base's stays
        found = re.match(r"^(\s+name:\s*)([^#\s]+)(.*)$", line, re.S) if inside else None
        if found:
            lines[i] = f"{found.group(1)}{name}{found.group(3)}"
            break
    return "".join(lines)


def _text(value: object) -> str:
    from optimiser.importing.values import csv_number

    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return ";".join(_text(v) for v in value)
    if isinstance(value, int | float):
        return csv_number(float(value))
    return str(value)


def _provenance(tables: dict[str, list[LongRow]], base, kept: dict[str, bool]) -> dict | None:
    had = base.provenance if base is not None and isinstance(base.provenance, dict) else None
    if had is None and base is not None:  # a base without provenance: none here either
        return None
    out = dict(had) if had is not None else {}
    estimated = False
    for table, rows in tables.items():
        if not rows or (kept.get(table) and had is not None and f"{table}.csv" in had):
            continue
        entries = {}
        for column in columns_of(TABLES[table])[0]:
            cells: dict[str, list[tuple[int, int]]] = {}
            for row in rows:
                if row.cells.get(column, "") != "":
                    found = cells.setdefault(row.where, [])
                    if column in row.origin:
                        found.append(row.origin[column])
            if not cells:
                continue
            where = "; ".join(
                f"{w} {_box(c)}" if c else f"{w} (its title or name)" for w, c in cells.items()
            )
            kind = KINDS[table][column].split(":")[0]
            if kind in LABELS or KINDS[table][column] == "word:unit":
                entries[column] = {"level": "identifier", "method": f"read from {where}"}
            else:
                estimated = estimated or table in PLAN_TABLES
                entries[column] = {
                    "level": "estimate",
                    "method": f"as written in {where}, read by allocate import (units "
                    "converted to the format's); the workbook's own figures, not checked "
                    "against a document at hand",
                }
        out[f"{table}.csv"] = entries
    block = dict(out.get("dataset") or {})
    block["rests_on_estimates"] = bool(block.get("rests_on_estimates")) or estimated
    out = {"dataset": block, **{k: v for k, v in out.items() if k != "dataset"}}
    return out


def _box(cells: list[tuple[int, int]]) -> str:
    """The smallest range holding the cells: C5:F62."""
    rows = [r for r, _ in cells]
    columns = [c for _, c in cells]
    return (
        span([(min(rows), min(columns))])
        if len(cells) == 1
        else (f"{span([(min(rows), min(columns))])}:{span([(max(rows), max(columns))])}")
    )
