"""One header check for every reader: a column name given twice, values under a column without a
name, and (in a workbook) a formula whose result was never saved are each refused with the file or
sheet, the row and the column named, exit 2, and nothing written; a column without a name that
holds nothing is ignored. Workbooks are built with openpyxl here, CSV files written as text."""

from __future__ import annotations

import re
import zipfile

import pytest
import tiny
from click.testing import CliRunner
from openpyxl import load_workbook

from optimiser.cli import cli
from optimiser.dataset import load_dataset


def validate(folder):
    return CliRunner().invoke(cli, ["validate", "--lang", "en", "--data", str(folder)])


def run(folder, out):
    return CliRunner().invoke(
        cli, ["--lang", "en", "--year", "2018", "--data", str(folder), "--out", str(out)]
    )


def refused(folder, tmp_path, *said: str) -> str:
    """`allocate validate` and a run both exit 2 naming the place; the run writes nothing."""
    result = validate(folder)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    for text in said:
        assert text in result.output, result.output
    out = tmp_path / "out"
    ran = run(folder, out)
    assert ran.exit_code == 2, ran.output
    assert all(text in ran.output for text in said), ran.output
    assert not out.exists()
    return result.output


def workbook(folder, change) -> None:
    """The tiny dataset as a workbook, changed by `change(book)` and saved."""
    tiny.write_workbook(folder)
    book = load_workbook(folder / "dataset.xlsx")
    change(book)
    book.save(folder / "dataset.xlsx")


# ---- a workbook --------------------------------------------------------------------------------


def test_workbook_column_named_twice_names_both_columns(tmp_path):
    def twice(book):
        sheet = book["budgets"]  # source, year, amount_wan in A-C
        sheet["F1"] = " Amount_WAN "  # the same name once trimmed and in lower case
        sheet["F2"], sheet["F3"] = 7, 8

    workbook(tmp_path / "data", twice)
    said = refused(tmp_path / "data", tmp_path, "dataset.xlsx[budgets], row 1, column amount_wan")
    assert "columns C and F" in said and "each column name once" in said


def test_workbook_values_under_a_column_without_a_name(tmp_path):
    def unnamed(book):
        book["budgets"]["E3"] = "500"  # D and E have no name; E holds a value in row 3

    workbook(tmp_path / "data", unnamed)
    said = refused(tmp_path / "data", tmp_path, "dataset.xlsx[budgets], row 3, column E")
    assert "column E has values but no name" in said


def test_workbook_empty_column_without_a_name_is_ignored(tmp_path):
    def gap(book):
        sheet = book["budgets"]  # column D left empty, a named optional column after it
        sheet["E1"] = "city"
        sheet["D1"] = "   "  # a name of spaces is no name

    workbook(tmp_path / "data", gap)
    result = validate(tmp_path / "data")
    assert result.exit_code == 0, result.output
    assert load_dataset(tmp_path / "data").budgets[0].amount_wan == 1000


@pytest.mark.parametrize(
    ("sheet", "cell", "column"),
    [("indicators", "D2", "poverty_incidence"), ("budgets", "C3", "amount_wan")],
    ids=["optional column", "required column"],
)
def test_workbook_formula_without_a_saved_value(tmp_path, sheet, cell, column):
    def formula(book):
        book[sheet][cell] = "=0.1*2"  # openpyxl stores the formula, no result

    workbook(tmp_path / "data", formula)
    row = re.sub(r"\D", "", cell)
    said = refused(
        tmp_path / "data", tmp_path, f"dataset.xlsx[{sheet}], row {row}, column {column}"
    )
    assert f"cell {cell}" in said and "open and save the workbook in Excel or WPS" in said


def test_workbook_formula_with_its_saved_value_is_read(tmp_path):
    """A workbook Excel saved stores each formula's result beside it: read as the value."""

    def formula(book):
        book["indicators"]["D2"] = "=0.1*2"

    folder = tmp_path / "data"
    workbook(folder, formula)
    path = folder / "dataset.xlsx"
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    sheet = next(n for n, data in parts.items() if b"<f>0.1*2</f>" in data)
    parts[sheet] = re.sub(
        rb"<f>0\.1\*2</f>(<v ?/>|<v></v>)?", b"<f>0.1*2</f><v>0.2</v>", parts[sheet]
    )
    assert parts[sheet].count(b"<v>0.2</v>") == 1
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    result = validate(folder)
    assert result.exit_code == 0, result.output
    assert load_dataset(folder).indicators[0].poverty_incidence == 0.2


# ---- a CSV file --------------------------------------------------------------------------------


def write_csv(folder, table: str, text: str):
    tiny.write(folder)
    (folder / f"{table}.csv").write_text(text, encoding="utf-8")
    return folder


def test_csv_column_named_twice_names_both_columns(tmp_path):
    folder = write_csv(
        tmp_path / "data",
        "budgets",
        "source,year,amount_wan, AMOUNT_wan\ncentral,2018,1000,900\nforestry,2018,500,400\n",
    )
    said = refused(folder, tmp_path, "budgets.csv, row 1, column amount_wan")
    assert "columns C and D" in said


def test_csv_values_under_a_column_without_a_name(tmp_path):
    folder = write_csv(
        tmp_path / "data",
        "budgets",
        "source,year,,amount_wan\ncentral,2018,,1000\nforestry,2018,x,500\n",
    )
    said = refused(folder, tmp_path, "budgets.csv, row 3, column C: value 'x'")
    assert "column C has values but no name" in said


def test_csv_trailing_empty_column_is_ignored(tmp_path):
    """Spreadsheets often save a comma after the last column: an empty column, no name."""
    folder = write_csv(
        tmp_path / "data",
        "budgets",
        "source,year,amount_wan,\ncentral,2018,1000,\nforestry,2018,500,\n",
    )
    result = validate(folder)
    assert result.exit_code == 0, result.output
    assert [b.amount_wan for b in load_dataset(folder).budgets] == [1000, 500]


# ---- memory --------------------------------------------------------------------------------------

# VmHWM, not getrusage's ru_maxrss: on Linux a child started by fork keeps the parent's peak
# in ru_maxrss across exec, and the parent here is the whole test process
MEASURE = """
import json, sys
from pathlib import Path
from optimiser.dataset import load_dataset

def status(key):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(key + ":"):
            return int(line.split()[1]) / 1024

load_dataset(sys.argv[1])  # first reading: modules and validators loaded, not measured
before = status("VmRSS")
data = load_dataset(sys.argv[2])
print(json.dumps({"rows": len(data.history), "grew_mb": status("VmHWM") - before}))
"""


def test_a_large_history_is_read_in_a_few_times_its_size(tmp_path):
    """150,000 rows of Shanxi's history (about 7 MB, every amount different) take at most 5 times
    the file's size to read (`make bench` measures a million rows)."""
    import csv
    import json
    import random
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    folder = tmp_path / "large"
    shutil.copytree(root / "data" / "shanxi", folder)
    (folder / "provenance.yaml").unlink()
    with open(folder / "history.csv", encoding="utf-8") as handle:
        shipped = list(csv.DictReader(handle))
    draw = random.Random(3)
    lines = ["year,county_code,source,category,amount_wan\n"]
    for _ in range(150_000):
        row = draw.choice(shipped)
        lines.append(
            f"{row['year']},{row['county_code']},{row['source']},{row['category']},"
            f"{draw.random() * 1e4:.2f}\n"
        )
    (folder / "history.csv").write_text("".join(lines), encoding="utf-8")
    size_mb = (folder / "history.csv").stat().st_size / 2**20
    done = subprocess.run(
        [sys.executable, "-c", MEASURE, str(root / "data" / "shanxi"), str(folder)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    found = json.loads(done.stdout.splitlines()[-1])
    assert found["rows"] == 150_000
    assert found["grew_mb"] <= 5 * size_mb, (found, size_mb)
