"""Bad input of every kind, through `allocate --year`: a message naming the file, row and column
and what was expected, exit code 2, and no output folder."""

from __future__ import annotations

import pytest
import tiny
from click.testing import CliRunner

from optimiser.cli import cli


def corrupt_cell(table, row, column, value):
    def apply(folder):
        tables = tiny.tables()
        tables[table][row][column] = value
        tiny.write(folder, tables)

    return apply


def corrupt_bytes(file, data: bytes):
    def apply(folder):
        tiny.write(folder)
        (folder / file).write_bytes(data)

    return apply


def append_text(file, text):
    def apply(folder):
        tiny.write(folder)
        with open(folder / file, "a", encoding="utf-8") as handle:
            handle.write(text)

    return apply


def merged_header(folder):
    from openpyxl import load_workbook

    tiny.write_workbook(folder)
    book = load_workbook(folder / "dataset.xlsx")
    book["budgets"].merge_cells("A1:B1")
    book.save(folder / "dataset.xlsx")


def policy_text(text):
    def apply(folder):
        tiny.write(folder)
        (folder / "policy.yaml").write_text(text, encoding="utf-8")

    return apply


CORPUS = {
    "ragged row": (
        append_text("budgets.csv", "central,2018,5,x,y\n"),
        "budgets.csv, row 4",
        "cells as in the header",
    ),
    "wrong delimiter": (
        corrupt_bytes("sources.csv", b"code;name;level\nc;n;central\n"),
        "sources.csv, row 1",
        "comma-separated",
    ),
    "stray quote": (
        append_text("budgets.csv", 'central,2018,"5\n'),
        "budgets.csv",
        "well-formed CSV",
    ),
    "undecodable bytes": (
        corrupt_bytes("counties.csv", b"code,name\n\xff\xfe\xfa,x\n"),
        "counties.csv, row 2",
        "UTF-8 or GB18030",
    ),
    "mixed encodings": (
        corrupt_bytes(
            "counties.csv",
            "code,name,city,designation,deep\na,甲县,甲市,national,false\n".encode()
            + "b,乙县,甲市,none,false\n".encode("gbk"),
        ),
        "counties.csv, row 3",
        "row 2 is UTF-8 Chinese",
    ),
    "utf-16 file": (
        corrupt_bytes("needs.csv", "county_code\n".encode("utf-16")),
        "needs.csv",
        "UTF-16",
    ),
    "empty file": (corrupt_bytes("history.csv", b""), "history.csv", "empty"),
    "merged header cells": (merged_header, "dataset.xlsx[budgets], row 1", "unmerge"),
    "thousands separator": (
        corrupt_cell("budgets", 0, "amount_wan", "1,000"),
        "budgets.csv, row 2, column amount_wan",
        "thousands",
    ),
    "full-width digits": (
        corrupt_cell("budgets", 0, "amount_wan", "１２３"),
        "budgets.csv, row 2, column amount_wan",
        "digits 0-9",
    ),
    "percent sign": (
        corrupt_cell("indicators", 0, "poverty_incidence", "30%"),
        "indicators.csv, row 2, column poverty_incidence",
        "0.3",
    ),
    "date for a year": (
        corrupt_cell("budgets", 0, "year", "2018-01-01"),
        "budgets.csv, row 2, column year",
        "year",
    ),
    "NaN": (
        corrupt_cell("budgets", 0, "amount_wan", "nan"),
        "budgets.csv, row 2, column amount_wan",
        "digits 0-9",
    ),
    "infinity": (
        corrupt_cell("budgets", 0, "amount_wan", "inf"),
        "budgets.csv, row 2, column amount_wan",
        "digits 0-9",
    ),
    "absurd magnitude": (
        corrupt_cell("budgets", 0, "amount_wan", "1e15"),
        "budgets.csv, row 2, column amount_wan",
        "at most",
    ),
    "unknown rule": (
        policy_text(
            "dataset: {name: t, title: t}\nyears: {actuals: [2017], "
            "plan: [2018]}\nrules: {R-EARMARKS: {share: 0.3}}\n"
        ),
        "policy.yaml, row 3, column rules.R-EARMARKS",
        "known rule id",
    ),
    "unknown parameter": (
        policy_text(
            "dataset: {name: t, title: t}\nyears: {actuals: [2017], "
            "plan: [2018]}\nrules: {R-EARMARK: {shares: 0.3}}\n"
        ),
        "policy.yaml, row 3, column rules.R-EARMARK.shares",
        "parameter",
    ),
}


@pytest.mark.parametrize("kind", list(CORPUS))
def test_bad_input_exits_2_naming_the_place_and_writes_nothing(kind, tmp_path):
    make, where, expected = CORPUS[kind]
    folder = tmp_path / "data"
    folder.mkdir()
    make(folder)
    out = tmp_path / "out"
    args = ["--lang", "en", "--year", "2018", "--data", str(folder), "--out", str(out)]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 2, result.output
    assert where in result.output and expected in result.output, result.output
    assert "Traceback" not in result.output
    assert not out.exists()
